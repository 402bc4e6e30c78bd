namespace LearningRate.Optimizers;

/// <summary>
/// The multi-tensor step of a parameter group, for every element-wise algorithm: the group's tensors are split into
/// runs that share per-step scalars (usually one run: the whole group); for each run the scalars are computed once,
/// each parameter records its update, and the operator runs over all of the run's tensors in one driver loop.
/// </summary>
/// <remarks>
/// Element-wise rules make every tensor independent, so this gives the bits of one kernel call per parameter with
/// that parameter's own scalars; only the per-tensor overhead goes. An algorithm plugs in with an
/// <see cref="ITensorRule{T}"/>; one that needs more than three state buffers or cross-tensor reductions (LAMB's
/// trust ratio) keeps its own <c>StepGroup</c> loop.
/// </remarks>
internal static class TensorPass
{
    /// <summary>
    /// Updates every tensor of <paramref name="table"/> with <paramref name="rule"/>: runs are formed and recorded in
    /// registration order; the driver walks each run's elements in the order it prefers, which changes no result.
    /// </summary>
    public static void Step<T, TRule>(TensorTable<T> table, ref TRule rule)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TRule : struct, ITensorRule<T>
    {
        var count = table.Count;
        var tensors = table.Tensors;
        for (var from = 0; from < count;)
        {
            ref readonly var first = ref table.Scalars(from);
            var to = from + 1;
            while (to < count && rule.SharesScalars(first, table.Scalars(to)))
            {
                to++;
            }

            rule.Prepare(first);
            for (var i = from; i < to; i++)
            {
                rule.Complete(table.Scalars(i));
            }

            var range = new TensorRange<T>(tensors, from, to);
            rule.Update(ref range);
            from = to;
        }
    }
}
