namespace LearningRate.Schedules;

/// <summary><c>η(t) = η₀·γ^n(t)</c>, n(t) = the number of sorted milestones ≤ t (Python's <c>bisect_right</c>).</summary>
internal sealed class MultiStepSchedule(double learningRate, long[] sortedMilestones, double gamma) : Schedule
{
    /// <inheritdoc/>
    internal override string Kind => "multi-step";

    private protected override double Evaluate(long step)
    {
        // Upper bound by binary search: the first index whose milestone is > step.
        int low = 0, high = sortedMilestones.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sortedMilestones[middle] <= step)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return learningRate * Math.Pow(gamma, low);
    }
}
