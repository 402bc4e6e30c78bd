using System.Runtime.CompilerServices;

namespace LearningRate.Kernels.Simd;

/// <summary>The 16-bit conversion loops <see cref="LaneDriver"/> runs: widening, rounding to nearest, stochastic and compensated rounding.</summary>
internal static class Float16Loops
{
    /// <summary><c>destination[i] = widen(source[i])</c>.</summary>
    public ref struct Widen<TFormat> : ILaneLoop<float>
        where TFormat : struct, IFloat16Format
    {
        private readonly ref ushort _source;
        private readonly ref float _destination;

        public Widen(ref ushort source, ref float destination)
        {
            _source = ref source;
            _destination = ref destination;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run<TVec>(nuint start, nuint end)
            where TVec : struct, ISimd<TVec, float>
        {
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                TVec.Store(TVec.LoadWidened<TFormat>(ref _source, i), ref _destination, i);
            }
        }
    }

    /// <summary><c>destination[i] = widen(value[i]) + widen(compensation[i])</c>: the value a compensated pair stands for.</summary>
    public ref struct WidenSum<TFormat> : ILaneLoop<float>
        where TFormat : struct, IFloat16Format
    {
        private readonly ref ushort _value;
        private readonly ref ushort _compensation;
        private readonly ref float _destination;

        public WidenSum(ref ushort value, ref ushort compensation, ref float destination)
        {
            _value = ref value;
            _compensation = ref compensation;
            _destination = ref destination;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run<TVec>(nuint start, nuint end)
            where TVec : struct, ISimd<TVec, float>
        {
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var sum = TVec.LoadWidened<TFormat>(ref _value, i) + TVec.LoadWidened<TFormat>(ref _compensation, i);
                TVec.Store(sum, ref _destination, i);
            }
        }
    }

    /// <summary><c>destination[i] = round(source[i])</c>, to nearest, ties to even.</summary>
    public ref struct Narrow<TFormat> : ILaneLoop<float>
        where TFormat : struct, IFloat16Format
    {
        private readonly ref float _source;
        private readonly ref ushort _destination;

        public Narrow(ref float source, ref ushort destination)
        {
            _source = ref source;
            _destination = ref destination;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run<TVec>(nuint start, nuint end)
            where TVec : struct, ISimd<TVec, float>
        {
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                TVec.StoreNarrowed<TFormat>(TVec.Load(ref _source, i), ref _destination, i);
            }
        }
    }

    /// <summary><c>destination[i] = stochasticRound(source[i])</c> with the random bits of element <c>firstElement + i</c>.</summary>
    public ref struct NarrowStochastic<TFormat> : ILaneLoop<float>
        where TFormat : struct, IFloat16Format
    {
        private readonly ref float _source;
        private readonly ref ushort _destination;
        private readonly uint _key;
        private readonly nuint _firstElement;

        public NarrowStochastic(ref float source, ref ushort destination, uint key, nuint firstElement)
        {
            _source = ref source;
            _destination = ref destination;
            _key = key;
            _firstElement = firstElement;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run<TVec>(nuint start, nuint end)
            where TVec : struct, ISimd<TVec, float>
        {
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                TVec.StoreNarrowedStochastic<TFormat>(TVec.Load(ref _source, i), ref _destination, i, _key, _firstElement + i);
            }
        }
    }

    /// <summary>
    /// Compensated rounding: <c>value[i] = round(x)</c> and <c>compensation[i] = round(x − value[i])</c>, the rounding
    /// residual (exact in float) kept in 16 bits, so the pair stands for x to about twice the format's precision. A
    /// value that rounds to ±∞ or NaN gets a zero compensation, so the pair never adds ∞ and −∞ into a NaN.
    /// </summary>
    public ref struct NarrowCompensated<TFormat> : ILaneLoop<float>
        where TFormat : struct, IFloat16Format
    {
        private readonly ref float _source;
        private readonly ref ushort _value;
        private readonly ref ushort _compensation;

        public NarrowCompensated(ref float source, ref ushort value, ref ushort compensation)
        {
            _source = ref source;
            _value = ref value;
            _compensation = ref compensation;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Run<TVec>(nuint start, nuint end)
            where TVec : struct, ISimd<TVec, float>
        {
            var infinity = TVec.Create(float.PositiveInfinity);
            for (var i = start; i < end; i += (nuint)TVec.Count)
            {
                var x = TVec.Load(ref _source, i);
                TVec.StoreNarrowed<TFormat>(x, ref _value, i);

                // Read back what was stored (from L1, just written): the rounded value as a float.
                var rounded = TVec.LoadWidened<TFormat>(ref _value, i);
                var residual = TVec.ConditionalSelect(TVec.LessThan(TVec.Abs(rounded), infinity), x - rounded, TVec.Zero);
                TVec.StoreNarrowed<TFormat>(residual, ref _compensation, i);
            }
        }
    }
}
