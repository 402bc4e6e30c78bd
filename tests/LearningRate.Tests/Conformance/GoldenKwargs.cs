using System.Text.Json;

namespace LearningRate.Tests.Conformance;

/// <summary>
/// A golden file's PyTorch constructor kwargs, remembering which were read so that none is silently dropped:
/// after building an optimizer or a reference from them, <see cref="Unread"/> must be empty.
/// <paramref name="maximize"/> and <paramref name="weightDecay"/>, when given, override the golden's values.
/// </summary>
public sealed class GoldenKwargs(JsonElement optimizer, bool? maximize = null, double? weightDecay = null)
{
    private readonly HashSet<string> _read = ["type"];

    public GoldenKwargs(GoldenCase golden)
        : this(golden.Optimizer)
    {
    }

    /// <summary>Gets the PyTorch class name (<c>torch.optim.{Type}</c>).</summary>
    public string Type => optimizer.GetProperty("type").GetString()!;

    public double Number(string name)
    {
        var value = Read(name).GetDouble();
        return name == "weight_decay" && weightDecay is { } overridden ? overridden : value;
    }

    public bool Flag(string name)
    {
        var value = Read(name).GetBoolean();
        return name == "maximize" && maximize is { } overridden ? overridden : value;
    }

    /// <summary>Reads an optional flag, <paramref name="absent"/> when the golden does not carry it.</summary>
    public bool Flag(string name, bool absent) => optimizer.TryGetProperty(name, out _) ? Flag(name) : absent;

    /// <summary>Reads element <paramref name="index"/> of a pair such as <c>betas</c>.</summary>
    public double Pair(string name, int index) => Read(name)[index].GetDouble();

    public IEnumerable<string> Unread() =>
        optimizer.EnumerateObject().Select(p => p.Name).Where(n => !_read.Contains(n));

    /// <summary>Throws when a kwarg was not read: a golden option the mapping ignores would be tested with its default.</summary>
    public void ThrowIfAnyUnread(string reader)
    {
        var unread = Unread().ToArray();
        if (unread.Length > 0)
        {
            throw new InvalidOperationException($"{reader} does not map the golden kwargs {string.Join(", ", unread)} of torch.optim.{Type}.");
        }
    }

    private JsonElement Read(string name)
    {
        _read.Add(name);
        return optimizer.GetProperty(name);
    }
}
