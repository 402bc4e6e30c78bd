using System.Text.RegularExpressions;

namespace LearningRate.Tests.Docs;

/// <summary>
/// The README's first C# block must be a complete program: it is kept byte-for-byte equal to
/// docs/examples/LearningRate.QuickStart/Program.cs, which the solution build compiles and CI runs.
/// </summary>
public partial class ReadmeTests
{
    [Fact]
    public void QuickStart_IsTheCompiledExample()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var block = FirstCSharpBlock().Match(readme);
        block.Success.Should().BeTrue("the README starts with a C# quick start");
        var example = File.ReadAllText(Path.Combine(root, "docs", "examples", "LearningRate.QuickStart", "Program.cs"));
        block.Groups[1].Value.Should().Be(example);
    }

    [Fact]
    public void Readme_NamesTheDemoAndTestCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        readme.Should().Contain("dotnet run -c Release --project docs/examples/LearningRate.Demo");
        readme.Should().Contain("dotnet test LearningRate.sln");
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

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FirstCSharpBlock();
}
