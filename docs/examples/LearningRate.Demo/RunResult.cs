using LearningRate.Training;

namespace LearningRate.Demo;

/// <summary>One training run of the demo: its settings, final figures and the monitor that watched it.</summary>
internal sealed record RunResult(
    string Optimizer,
    string Features,
    string Schedule,
    double PeakLearningRate,
    double TrainingLoss,
    double ValidationLoss,
    double ValidationAccuracy,
    TimeSpan Time,
    TrainingMonitor Monitor)
{
    public string Label => $"{Optimizer} · {Features} · {Schedule}";

    public string Issues => Monitor.Diagnoses.Count == 0 ? "none" : string.Join(", ", Monitor.Diagnoses.Select(d => d.Issue).Distinct());
}
