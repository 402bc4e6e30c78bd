namespace LearningRate.Tests.Infrastructure;

/// <summary>Measures managed allocations of a hot path on the current thread.</summary>
public static class Allocations
{
    /// <summary>
    /// Runs <paramref name="body"/> in three windows and returns the fewest bytes any window
    /// allocated on this thread. The runtime can charge one window with a one-time cost (tiered
    /// compilation or on-stack replacement of the measuring loop, seen as a few hundred bytes under
    /// load); a real per-call allocation shows in every window, so the minimum still catches it.
    /// </summary>
    public static long Fewest(Action body)
    {
        var fewest = long.MaxValue;
        for (var window = 0; window < 3; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            body();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
