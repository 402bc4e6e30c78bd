using System.Runtime.InteropServices;
using LearningRate.Optimizers;

namespace LearningRate.Tests.Infrastructure;

/// <summary>
/// Everything an optimizer holds, copied as raw bits: group options and learning rates, values, every
/// state slot, per-parameter step counts and scalars, the step count and the skip counter. Two snapshots are equal only when the two
/// states are bit-identical (NaN payloads and signed zeros included), unless the snapshot is taken with
/// <c>anyNaN</c>: then every NaN of the element type counts as one, for comparing two optimizers whose memory is aligned
/// differently (x86 gives an operation on two NaNs the first operand's, and the vector and scalar paths may order
/// operands differently, so the sign of a NaN made from NaNs is not a property of the rule).
/// </summary>
public sealed record OptimizerSnapshot(long StepCount, int ConsecutiveSkips, string Parameters)
{
    public static OptimizerSnapshot Of<T>(IOptimizer optimizer, bool anyNaN = false)
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
            text.Append(Hex(parameter.Value.Span, anyNaN)).Append('|');
            // Raw bytes, whatever each buffer's element type (quantized state holds bytes and float scales).
            var block = parameter.Block;
            for (var slot = 0; slot < block.SlotCount; slot++)
            {
                var bytes = block.Bytes(slot);
                var holdsT = block.IsPresent(slot) && (long)block.LengthOf(slot) * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() == bytes.Length;
                text.Append(!block.IsPresent(slot) ? "-" : holdsT ? Hex(MemoryMarshal.Cast<byte, T>(bytes), anyNaN) : Convert.ToHexString(bytes)).Append('|');
            }

            text.AppendLine();
        }

        return new OptimizerSnapshot(optimizer.StepCount, optimizer.ConsecutiveSkips, text.ToString());
    }

    private static string Hex<T>(ReadOnlySpan<T> values, bool anyNaN)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!anyNaN)
        {
            return Convert.ToHexString(MemoryMarshal.AsBytes(values));
        }

        var copy = values.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = T.IsNaN(copy[i]) ? T.NaN : copy[i];
        }

        return Convert.ToHexString(MemoryMarshal.AsBytes<T>(copy));
    }
}
