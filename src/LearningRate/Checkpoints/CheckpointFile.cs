using System.Globalization;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace LearningRate.Checkpoints;

/// <summary>
/// The file side of a checkpoint: atomic replacement through a hidden temporary file beside the target, symbolic
/// links followed to their final target, temporary files of crashed saves removed, and every file-system failure
/// reported as an <see cref="IOException"/>.
/// </summary>
internal static class CheckpointFile
{
    /// <summary>
    /// A temporary file of the same checkpoint last written longer ago than this was left by a save that crashed: a
    /// live save creates, fills and renames its file within moments. A younger one may be another save in progress.
    /// </summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    /// <summary>The longest file name Linux (NAME_MAX, in UTF-8 bytes) and Windows (in UTF-16 units) accept.</summary>
    private const int MaxNameBytes = 255;

    private const int HashLength = 16;
    private const int RandomLength = 12;
    private const string Suffix = ".tmp";

    /// <summary>The bytes a temporary name adds around the kept part of the target's name: ".", ".", hash, ".", random, ".tmp".</summary>
    private const int Overhead = 3 + HashLength + RandomLength + 4;

    /// <summary>
    /// Writes a file atomically: <paramref name="write"/> fills a hidden temporary file in the target's folder, which
    /// is flushed to disk and renamed over the target (rename(2) is atomic within a folder). A symbolic link is
    /// followed to its final target, which is replaced; the link stays.
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var target = ResolveTarget(path);
        var directory = Path.GetDirectoryName(target)!;
        var name = Path.GetFileName(target);
        var prefix = TemporaryPrefix(name);
        var temporary = Path.Combine(directory, prefix + RandomHex() + Suffix);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            // rename(2) replaces the target atomically: readers see the old file or the new one, never a mix.
            File.Move(temporary, target, overwrite: true);
        }
        catch (UnauthorizedAccessException e)
        {
            TryDelete(temporary);
            throw Denied(target, "written", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        RemoveStaleTemporaries(directory, name, prefix);
    }

    /// <summary>Opens a checkpoint file for reading; a denial or a folder is an <see cref="IOException"/>.</summary>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Directory.Exists(path) ? NotAFile(path, e) : Denied(path, "read", e);
        }
    }

    /// <summary>The file the save replaces: <paramref name="path"/> made absolute, through any chain of symbolic links.</summary>
    private static string ResolveTarget(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var file = new FileInfo(full);
            if (file.LinkTarget is not null)
            {
                // Relative targets resolve against the link's folder; a dangling link gives the path it points to.
                full = Path.GetFullPath(file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full);
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw Denied(full, "resolved", e);
        }

        if (Directory.Exists(full))
        {
            throw NotAFile(full, null);
        }

        return full;
    }

    /// <summary>
    /// ".{name}.{hash}." with the name cut to fit: the hash of the whole name identifies the target, the kept part
    /// tells a person which checkpoint the file belongs to, and the whole temporary name stays within 255 bytes.
    /// </summary>
    private static string TemporaryPrefix(string name)
    {
        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(name)).ToString("x16", CultureInfo.InvariantCulture);
        var kept = new StringBuilder();
        var bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxNameBytes - Overhead)
            {
                break;
            }

            kept.Append(rune.ToString());
        }

        return $".{kept}.{hash}.";
    }

    private static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(RandomLength / 2));

    /// <summary>
    /// Deletes the temporary files that earlier saves of the same checkpoint left when they crashed, once they are
    /// older than <see cref="StaleAfter"/>: the current naming (same prefix, hash of the same name) and the earlier
    /// one (".{name}.{32 hex digits}.tmp"). Best effort: a file that cannot be read or deleted is left.
    /// </summary>
    private static void RemoveStaleTemporaries(string directory, string name, string prefix)
    {
        var legacyPrefix = $".{name}.";
        var cutoff = DateTime.UtcNow - StaleAfter;
        try
        {
            // On Unix a dot file counts as hidden, which enumeration skips by default.
            var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, MatchType = MatchType.Simple };
            foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*" + Suffix, options))
            {
                if ((IsTemporary(file.Name, prefix, RandomLength) || IsTemporary(file.Name, legacyPrefix, 32)) && file.LastWriteTimeUtc < cutoff)
                {
                    TryDelete(file.FullName);
                }
            }
        }
        catch (IOException)
        {
            // The checkpoint is saved; leftover files are harmless and hidden.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Tells whether <paramref name="file"/> is <paramref name="prefix"/>, exactly <paramref name="digits"/> lowercase hex digits, ".tmp".</summary>
    private static bool IsTemporary(string file, string prefix, int digits)
    {
        if (file.Length != prefix.Length + digits + Suffix.Length
            || !file.StartsWith(prefix, StringComparison.Ordinal)
            || !file.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in file.AsSpan(prefix.Length, digits))
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }

        return true;
    }

    private static IOException Denied(string path, string verb, UnauthorizedAccessException inner) =>
        new($"The checkpoint file '{path}' could not be {verb}: {inner.Message}", inner);

    private static IOException NotAFile(string path, Exception? inner) =>
        new($"The checkpoint path '{path}' is a folder, not a file.", inner);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more; a stray temporary file is harmless, hidden, and removed by a later save.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
