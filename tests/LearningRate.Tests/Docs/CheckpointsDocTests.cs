using System.Text.RegularExpressions;

namespace LearningRate.Tests.Docs;

/// <summary>
/// The example of docs/checkpoints.md's "What a checkpoint covers" is the compiled and run code between
/// <c>// docs:begin</c> and <c>// docs:end</c> in CheckpointExtrasTests, indentation removed.
/// </summary>
public partial class CheckpointsDocTests
{
    [Fact]
    public void WhatACheckpointCovers_ExampleIsTheTestedCode()
    {
        var root = RepositoryRoot();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "checkpoints.md")).ReplaceLineEndings("\n");
        var section = doc.IndexOf("## What a checkpoint covers", StringComparison.Ordinal);
        section.Should().BeGreaterThan(0);
        var block = CSharpBlock().Match(doc, section);
        block.Success.Should().BeTrue();

        var test = File.ReadAllText(Path.Combine(root, "tests", "LearningRate.Tests", "Checkpoints", "CheckpointExtrasTests.cs")).ReplaceLineEndings("\n");
        var begin = test.IndexOf("// docs:begin\n", StringComparison.Ordinal) + "// docs:begin\n".Length;
        var end = test.IndexOf("// docs:end", begin, StringComparison.Ordinal);
        var lines = test[begin..end].Split('\n')[..^1];
        var indent = lines.Where(l => l.Length > 0).Min(l => l.Length - l.TrimStart().Length);
        var code = string.Concat(lines.Select(l => (l.Length == 0 ? l : l[indent..]) + "\n"));

        block.Groups[1].Value.Should().Be(code);
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
    private static partial Regex CSharpBlock();
}
