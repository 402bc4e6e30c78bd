using System.Globalization;
using LearningRate.Checkpoints;
using LearningRate.Controllers;
using LearningRate.Optimizers;
using LearningRate.Tests.Checkpoints.V1;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// Checkpoints written by format version 1 load forever: each committed file in Checkpoints/V1 restores exactly the
/// state an uninterrupted in-process run reaches, and training continues from it bit for bit. Only the public API
/// is used, so the test holds whatever the reader becomes.
/// </summary>
public class V1CheckpointTests
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "Checkpoints", "V1");

    public static TheoryData<string> Names() => [.. V1Cases.All.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Names))]
    public void AVersion1File_RestoresTheRun_AndTrainingContinuesBitIdentically(string name)
    {
        var reference = V1Cases.All[name](false);
        Advance(reference, V1Cases.SavedAfter);

        var resumed = V1Cases.All[name](true);
        Describe(resumed).Should().NotEqual(Describe(reference), "only the file can bring the fresh run to the saved point");
        Checkpoint.LoadFromFile(resumed.Optimizer, Path.Combine(s_folder, V1Cases.FileName(name)));
        Describe(resumed).Should().Equal(Describe(reference));

        Advance(reference, V1Cases.ContinuedFor);
        Advance(resumed, V1Cases.ContinuedFor);
        Describe(resumed).Should().Equal(Describe(reference));
    }

    [Fact]
    public void TheFolder_HoldsOneVersion1File_PerCase()
    {
        var files = Directory.GetFiles(s_folder, "*.ckpt").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        files.Should().Equal(V1Cases.All.Keys.Select(V1Cases.FileName).Order(StringComparer.Ordinal));
        foreach (var file in Directory.GetFiles(s_folder, "*.ckpt"))
        {
            var header = File.ReadAllBytes(file)[..6];
            header.Should().Equal([(byte)'L', (byte)'R', (byte)'C', (byte)'P', 1, 0], $"{Path.GetFileName(file)} must stay a version-1 file");
        }
    }

    [Fact]
    public void ThePlateauFile_HoldsAReducedLearningRate()
    {
        var resumed = V1Cases.All["controller-plateau"](true);
        Checkpoint.LoadFromFile(resumed.Optimizer, Path.Combine(s_folder, V1Cases.FileName("controller-plateau")));
        var plateau = (ReduceOnPlateau)resumed.Optimizer.Groups[0].Controllers[0];
        plateau.Scale.Should().Be(0.5);
        plateau.ReportCount.Should().Be(V1Cases.SavedAfter);
    }

    private static void Advance(V1Run run, int steps)
    {
        for (var step = 0; step < steps; step++)
        {
            run.Step();
        }
    }

    /// <summary>Everything the public API shows of a run, doubles in round-trip form: equal lists mean bit-identical state.</summary>
    private static List<string> Describe(V1Run run)
    {
        var optimizer = run.Optimizer;
        var lines = new List<string> { $"step {optimizer.StepCount} skips {optimizer.ConsecutiveSkips}" };
        foreach (var (group, index) in optimizer.Groups.Select((g, i) => (g, i)))
        {
            lines.Add($"group {index}: {group.Options} lr {R(group.LearningRate)} next {R(group.NextLearningRate)} last {(group.LastLearningRate is { } last ? R(last) : "none")}");
            foreach (var controller in group.Controllers)
            {
                lines.Add(controller switch
                {
                    ReduceOnPlateau p => $"plateau scale {R(p.Scale)} reports {p.ReportCount} best {R(p.Best)} bad {p.BadReports} cooldown {p.CooldownRemaining} lr {R(p.LearningRate)}",
                    BoldDriver b => $"bold driver scale {R(b.Scale)} reports {b.ReportCount} reference {R(b.ReferenceLoss)}",
                    _ => controller.GetType().Name,
                });
            }
        }

        lines.AddRange(run.DescribeParameters());
        return lines;
    }

    private static string R(double value) => $"{value.ToString("R", CultureInfo.InvariantCulture)} ({BitConverter.DoubleToInt64Bits(value):X16})";
}
