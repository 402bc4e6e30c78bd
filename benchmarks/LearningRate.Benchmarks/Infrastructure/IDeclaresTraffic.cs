namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// A benchmark parameter value that carries its configuration's memory traffic itself (a catalogue
/// row), where the per-optimizer classes put a <see cref="TrafficAttribute"/> on an enum value.
/// </summary>
public interface IDeclaresTraffic
{
    /// <summary>Gets the arrays read and written per element.</summary>
    TrafficAttribute Traffic { get; }
}
