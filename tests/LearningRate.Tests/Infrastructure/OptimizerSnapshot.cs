using System.Runtime.InteropServices;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Infrastructure;

/// <summary>
/// Everything an optimizer holds, copied as raw bits: group options and learning rates, values, every
/// state slot, per-parameter step counts and scalars, the step count and the skip counter. Two snapshots are equal only when the two
/// states are bit-identical (NaN payloads and signed zeros included).
/// </summary>
public sealed record OptimizerSnapshot(long StepCount, int ConsecutiveSkips, string Parameters)
{
    public static OptimizerSnapshot Of<T>(IOptimizer optimizer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var text = new System.Text.StringBuilder();
        foreach (var group in optimizer.Groups)
        {
            // Records print every property; "R" keeps every bit of the learning rate.
            text.Append(group.Options).Append(" lr=").Append(group.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).AppendLine();
        }

        foreach (var parameter in ((IOptimizer<T>)optimizer).Parameters.Cast<Parameter<T>>().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.Append(parameter.Name).Append('|').Append(parameter.StepCount).Append('|').Append(string.Join(',', parameter.Block.Scalars)).Append('|');
            text.Append(Convert.ToHexString(MemoryMarshal.AsBytes(parameter.Value.Span))).Append('|');
            // Raw bytes, whatever each buffer's element type (quantized state holds bytes and float scales).
            var block = parameter.Block;
            for (var slot = 0; slot < block.SlotCount; slot++)
            {
                text.Append(block.IsPresent(slot) ? Convert.ToHexString(block.Bytes(slot)) : "-").Append('|');
            }

            text.AppendLine();
        }

        return new OptimizerSnapshot(optimizer.StepCount, optimizer.ConsecutiveSkips, text.ToString());
    }
}
