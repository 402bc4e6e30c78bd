using System.Text.RegularExpressions;

namespace LearningRate.Tests.Docs;

/// <summary>
/// Each package ships its own README (src/Directory.Build.props packs src/&lt;Project&gt;/README.md). nuget.org shows it
/// away from the repository, so its links must be absolute, and those into the repository must name files that exist.
/// </summary>
public partial class PackageReadmeTests
{
    private const string Repository = "https://github.com/learningrate/LearningRate";

    public static TheoryData<string> Packages() => ["LearningRate", "LearningRate.MathNet"];

    [Theory]
    [MemberData(nameof(Packages))]
    public void Readme_LinksAreAbsolute_AndRepositoryLinksNameExistingFiles(string package)
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "src", package, "README.md"));
        readme.Should().StartWith($"# {package}\n").And.Contain($"dotnet add package {package}\n");

        var links = Link().Matches(readme).Select(m => m.Groups[1].Value).ToArray();
        links.Should().NotBeEmpty().And.OnlyContain(l => l.StartsWith("https://", StringComparison.Ordinal), "relative links break on nuget.org");
        foreach (var link in links.Where(l => l.StartsWith(Repository + "/blob/main/", StringComparison.Ordinal)))
        {
            var path = link[(Repository + "/blob/main/").Length..].Split('#')[0];
            File.Exists(Path.Combine(root, path)).Should().BeTrue($"{link} names a file of the repository");
        }
    }

    [Fact]
    public void PackagingProperties_NameTheRepository()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Directory.Build.props"));
        props.Should().Contain($"<RepositoryUrl>{Repository}</RepositoryUrl>")
            .And.Contain($"<PackageProjectUrl>{Repository}</PackageProjectUrl>")
            .And.Contain("<PackageReadmeFile>README.md</PackageReadmeFile>")
            .And.Contain("$(MSBuildProjectDirectory)/README.md");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LearningRate.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("LearningRate.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
