using System.Text.RegularExpressions;

namespace LearningRate.Tests.Docs;

/// <summary>
/// The README's C# blocks must be complete programs: the first is kept byte-for-byte equal to
/// docs/examples/LearningRate.QuickStart/Program.cs and the second to docs/examples/LearningRate.Composition/Program.cs,
/// which the solution build compiles and CI runs.
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
    public void SecondExample_IsTheCompiledCompositionExample()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var blocks = FirstCSharpBlock().Matches(readme);
        blocks.Should().HaveCountGreaterThanOrEqualTo(2, "the README shows warmup, cosine and plateau cuts as a second program");
        var example = File.ReadAllText(Path.Combine(root, "docs", "examples", "LearningRate.Composition", "Program.cs"));
        blocks[1].Groups[1].Value.Should().Be(example);
    }

    [Fact]
    public void Readme_InstallSection_FollowsTheQuickStart_AndNamesBothPackages()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var install = readme.IndexOf("## Install", StringComparison.Ordinal);
        install.Should().BeGreaterThan(readme.IndexOf("## Quick start", StringComparison.Ordinal));
        install.Should().BeLessThan(FirstCSharpBlock().Matches(readme)[1].Index);
        readme.Should().Contain("dotnet add package LearningRate\n").And.Contain("dotnet add package LearningRate.MathNet");
    }

    [Fact]
    public void Readme_NamesTheDemoAndTestCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        readme.Should().Contain("dotnet run -c Release --project docs/examples/LearningRate.Demo");
        readme.Should().Contain("dotnet run -c Release --project docs/examples/LearningRate.Iris");
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
