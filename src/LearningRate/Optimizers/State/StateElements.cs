using System.Runtime.InteropServices;

namespace LearningRate.Optimizers.State;

/// <summary>Sizes, names and typed operations of the <see cref="StateElement"/> types.</summary>
internal static class StateElements
{
    /// <summary>Gets the concrete element type of <typeparamref name="T"/> parameters.</summary>
    public static StateElement Of<T>()
        where T : unmanaged => typeof(T) == typeof(float) ? StateElement.Float32
            : typeof(T) == typeof(double) ? StateElement.Float64
            : typeof(T) == typeof(Half) ? StateElement.Float16
            : throw new NotSupportedException($"{typeof(T).Name} is not a state element type.");

    /// <summary>Resolves <see cref="StateElement.Parameter"/> to the parameters' element type.</summary>
    public static StateElement Resolve<T>(StateElement declared)
        where T : unmanaged => declared == StateElement.Parameter ? Of<T>() : declared;

    /// <summary>Gets the size in bytes of one element of a concrete type.</summary>
    public static int Size(StateElement element) => element switch
    {
        StateElement.Float32 => 4,
        StateElement.Float64 => 8,
        StateElement.Float16 or StateElement.BFloat16 => 2,
        StateElement.Byte => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(element), element, "Not a concrete state element type."),
    };

    /// <summary>Tells whether <paramref name="tag"/> names a concrete element type.</summary>
    public static bool IsConcrete(byte tag) => tag is >= (byte)StateElement.Float32 and <= (byte)StateElement.Byte;

    /// <summary>Gets the name used in messages (C# type names).</summary>
    public static string Name(StateElement element) => element switch
    {
        StateElement.Float32 => "float",
        StateElement.Float64 => "double",
        StateElement.Float16 => "Half",
        StateElement.BFloat16 => "bfloat16",
        StateElement.Byte => "byte",
        _ => element.ToString(),
    };

    /// <summary>Sets every element of <paramref name="bytes"/>, elements of type <paramref name="element"/>, to <paramref name="value"/>.</summary>
    public static void Fill(Span<byte> bytes, StateElement element, double value)
    {
        if (value == 0 && !double.IsNegative(value))
        {
            bytes.Clear();
            return;
        }

        switch (element)
        {
            case StateElement.Float32:
                MemoryMarshal.Cast<byte, float>(bytes).Fill((float)value);
                break;
            case StateElement.Float64:
                MemoryMarshal.Cast<byte, double>(bytes).Fill(value);
                break;
            case StateElement.Float16:
                MemoryMarshal.Cast<byte, Half>(bytes).Fill((Half)value);
                break;
            case StateElement.BFloat16:
                // Round to nearest even on the upper 16 bits of the binary32 value.
                var bits = BitConverter.SingleToUInt32Bits((float)value);
                var rounded = (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
                MemoryMarshal.Cast<byte, ushort>(bytes).Fill(rounded);
                break;
            default:
                bytes.Fill((byte)value);
                break;
        }
    }

    /// <summary>Returns the index of the first element that breaks <paramref name="invariant"/>, or -1.</summary>
    public static long FirstViolation(ReadOnlySpan<byte> bytes, StateElement element, StateInvariant invariant)
    {
        if (invariant == StateInvariant.Any)
        {
            return -1;
        }

        var count = bytes.Length / Size(element);
        for (var i = 0; i < count; i++)
        {
            if (!Holds(Read(bytes, element, i), invariant))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Tells whether <paramref name="value"/> satisfies <paramref name="invariant"/>; NaN always does.</summary>
    public static bool Holds(double value, StateInvariant invariant) => double.IsNaN(value) || invariant switch
    {
        StateInvariant.NonNegative => value >= 0,
        StateInvariant.Positive => value > 0,
        StateInvariant.Flag => value is 0 or 1,
        _ => true,
    };

    private static double Read(ReadOnlySpan<byte> bytes, StateElement element, int index) => element switch
    {
        StateElement.Float32 => MemoryMarshal.Cast<byte, float>(bytes)[index],
        StateElement.Float64 => MemoryMarshal.Cast<byte, double>(bytes)[index],
        StateElement.Float16 => (double)MemoryMarshal.Cast<byte, Half>(bytes)[index],
        StateElement.BFloat16 => BitConverter.UInt32BitsToSingle((uint)MemoryMarshal.Cast<byte, ushort>(bytes)[index] << 16),
        _ => bytes[index],
    };
}
