using LearningRate.Checkpoints;
using LearningRate.Optimizers;
using LearningRate.Tests.Infrastructure;

namespace LearningRate.Tests.Checkpoints;

/// <summary>
/// The file system around a checkpoint file: the longest legal names, failures reported as <see cref="IOException"/>,
/// temporary files of crashed saves cleaned up, and symbolic links followed instead of replaced.
/// </summary>
public sealed class CheckpointFileSystemTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lr-checkpoint-fs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData('c', 250)]
    [InlineData('é', 125)]
    [InlineData('€', 83)]
    public void SaveToFile_AcceptsANameOf255Bytes(char letter, int count)
    {
        var name = new string(letter, count) + ".ckpt";
        System.Text.Encoding.UTF8.GetByteCount(name).Should().BeInRange(254, 255, "the longest name Linux allows");
        var path = Path.Combine(_directory, name);
        var source = Trained(1);

        Checkpoint.SaveToFile(source, path);
        Checkpoint.SaveToFile(Trained(2), path);
        Checkpoint.SaveToFile(source, path);

        var target = CheckpointTests.Target<float>(("p", 5));
        Checkpoint.LoadFromFile(target, path);
        OptimizerSnapshot.Of<float>(target).Should().Be(OptimizerSnapshot.Of<float>(source));
        Directory.GetFileSystemEntries(_directory).Should().Equal(path);
    }

    [Fact]
    public void ADirectoryAsTheCheckpointPath_IsAnIOException_AndTheDirectoryIsKept()
    {
        var path = Path.Combine(_directory, "run.ckpt");
        Directory.CreateDirectory(path);

        var save = () => Checkpoint.SaveToFile(Trained(1), path);
        var load = () => Checkpoint.LoadFromFile(CheckpointTests.Target<float>(("p", 5)), path);

        save.Should().Throw<IOException>();
        load.Should().Throw<IOException>();
        Directory.Exists(path).Should().BeTrue();
        Directory.GetFileSystemEntries(_directory).Should().Equal(path);
    }

    [Fact]
    public void APathUnderARegularFile_IsAnIOException()
    {
        var file = Path.Combine(_directory, "plain");
        File.WriteAllText(file, "not a folder");
        var path = Path.Combine(file, "run.ckpt");

        var save = () => Checkpoint.SaveToFile(Trained(1), path);
        var load = () => Checkpoint.LoadFromFile(CheckpointTests.Target<float>(("p", 5)), path);

        save.Should().Throw<IOException>();
        load.Should().Throw<IOException>();
        File.ReadAllText(file).Should().Be("not a folder");
    }

    [Fact]
    public void APermissionFailure_IsAnIOException_WrappingTheOriginal_AndLeavesNoTemporaryFile()
    {
        // Tests run as root, where permissions are not enforced: the write step reports the denial instead.
        var path = Path.Combine(_directory, "run.ckpt");
        var denied = new UnauthorizedAccessException("Access to the path is denied.");

        var act = () => Checkpoint.WriteFileAtomically(path, _ => throw denied);

        act.Should().Throw<IOException>().Which.InnerException.Should().BeSameAs(denied);
        Directory.GetFileSystemEntries(_directory).Should().BeEmpty();
    }

    [Fact]
    public void SaveToFile_RemovesStaleTemporaryFilesOfTheSameCheckpoint_Only()
    {
        var path = Path.Combine(_directory, "run.ckpt");
        var stale = Temporary("run.ckpt", TimeSpan.FromHours(1));
        var staler = Temporary("run.ckpt", TimeSpan.FromDays(3));
        var recent = Temporary("run.ckpt", TimeSpan.Zero);
        var otherCheckpoint = Temporary("run.ckpt.bak", TimeSpan.FromHours(1));
        var notOurs = Path.Combine(_directory, ".run.ckpt.notes.tmp");
        File.WriteAllText(notOurs, "keep");
        File.SetLastWriteTimeUtc(notOurs, DateTime.UtcNow - TimeSpan.FromHours(1));

        Checkpoint.SaveToFile(Trained(1), path);

        File.Exists(stale).Should().BeFalse();
        File.Exists(staler).Should().BeFalse();
        Directory.GetFileSystemEntries(_directory).Should().BeEquivalentTo([path, recent, otherCheckpoint, notOurs], "a recent one may be another save in progress");
    }

    [Theory]
    [InlineData("run.ckpt")]
    [InlineData("a name with spaces, [brackets] and * stars?.ckpt")]
    [InlineData(null)]
    public void ACrashedSavesOwnTemporaryFile_IsHiddenShortAndRemovedByALaterSave(string? name)
    {
        name ??= new string('x', 200) + new string('é', 25) + ".ckpt";
        var path = Path.Combine(_directory, name);
        string? leftover = null;
        var crash = () => Checkpoint.WriteFileAtomically(path, stream =>
        {
            leftover = ((FileStream)stream).Name;
            throw new IOException("killed");
        });
        crash.Should().Throw<IOException>();

        // What a killed process leaves: the temporary file, with its name, at its place.
        var file = Path.GetFileName(leftover!);
        file.Should().StartWith(".").And.EndWith(".tmp");
        System.Text.Encoding.UTF8.GetByteCount(file).Should().BeLessThanOrEqualTo(255);
        Path.GetDirectoryName(leftover).Should().Be(_directory);
        File.WriteAllBytes(leftover!, new byte[10]);
        File.SetLastWriteTimeUtc(leftover!, DateTime.UtcNow - TimeSpan.FromMinutes(11));

        Checkpoint.SaveToFile(Trained(1), path);

        Directory.GetFileSystemEntries(_directory).Should().Equal(path);
    }

    [Fact]
    public void ALoopOfSymbolicLinks_IsAnIOException()
    {
        var a = Path.Combine(_directory, "a.ckpt");
        var b = Path.Combine(_directory, "b.ckpt");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);

        var save = () => Checkpoint.SaveToFile(Trained(1), a);

        save.Should().Throw<IOException>();
        new FileInfo(a).LinkTarget.Should().Be(b);
    }

    [Fact]
    public void SaveToFile_ThroughASymbolicLink_WritesTheLinksTarget_AndKeepsTheLink()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_directory, "store")).FullName;
        var real = Path.Combine(folder, "real.ckpt");
        Checkpoint.SaveToFile(Trained(2), real);
        var link = Path.Combine(_directory, "latest.ckpt");
        File.CreateSymbolicLink(link, Path.Combine("store", "real.ckpt"));
        var chained = Path.Combine(_directory, "chained.ckpt");
        File.CreateSymbolicLink(chained, link);
        var source = Trained(1);

        Checkpoint.SaveToFile(source, chained);

        new FileInfo(chained).LinkTarget.Should().Be(link);
        new FileInfo(link).LinkTarget.Should().Be(Path.Combine("store", "real.ckpt"));
        var target = CheckpointTests.Target<float>(("p", 5));
        Checkpoint.LoadFromFile(target, real);
        OptimizerSnapshot.Of<float>(target).Should().Be(OptimizerSnapshot.Of<float>(source));
        Directory.GetFileSystemEntries(folder).Should().Equal(real);
        Directory.GetFileSystemEntries(_directory).Should().BeEquivalentTo([folder, link, chained]);
    }

    [Fact]
    public void SaveToFile_ThroughADanglingSymbolicLink_CreatesTheLinksTarget()
    {
        var link = Path.Combine(_directory, "latest.ckpt");
        File.CreateSymbolicLink(link, "first.ckpt");
        var source = Trained(1);

        Checkpoint.SaveToFile(source, link);

        new FileInfo(link).LinkTarget.Should().Be("first.ckpt");
        var target = CheckpointTests.Target<float>(("p", 5));
        Checkpoint.LoadFromFile(target, Path.Combine(_directory, "first.ckpt"));
        OptimizerSnapshot.Of<float>(target).Should().Be(OptimizerSnapshot.Of<float>(source));
    }

    private static Adam<float> Trained(int steps)
    {
        var gradient = new float[5];
        var optimizer = new Adam<float>();
        optimizer.Add("p", new float[5], gradient);
        CheckpointTestData.Train(optimizer, new Random(steps), steps, gradient);
        return optimizer;
    }

    /// <summary>A temporary file as a crashed save of <paramref name="name"/> left it, last written <paramref name="age"/> ago.</summary>
    private string Temporary(string name, TimeSpan age)
    {
        var path = Path.Combine(_directory, $".{name}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(path, new byte[100]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }
}
