using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LearningRate.Benchmarks.Infrastructure;

/// <summary>
/// The same-traffic roofline: loops that read the arrays a kernel reads and write back, in place,
/// the arrays it writes, with one addition per array so the work is trivial and the loop is bound by
/// memory (or, in L1, by loads and stores). Hand-written over the widest accelerated vector type,
/// independently of the library's vector abstraction. Every written array gets <c>x += g</c>.
/// Fully optimized from the first call, as the library's kernels and the scalar baselines are, so
/// no comparison depends on when the tiered JIT recompiles a loop.
/// </summary>
public static class Roofline
{
    /// <summary>Reads p, g; writes p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var rp = ref MemoryMarshal.GetReference(p);
        ref var rg = ref MemoryMarshal.GetReference(g);
        var n = (nuint)p.Length;
        nuint i = 0;
        for (var head = Head(ref rp, n); i < head; i++)
        {
            var x = Unsafe.Add(ref rg, i);
            Unsafe.Add(ref rp, i) += x;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector512<T>.Count; i + w <= n; i += w)
            {
                var x = Vector512.LoadUnsafe(ref rg, i);
                (Vector512.LoadUnsafe(ref rp, i) + x).StoreUnsafe(ref rp, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector256<T>.Count; i + w <= n; i += w)
            {
                var x = Vector256.LoadUnsafe(ref rg, i);
                (Vector256.LoadUnsafe(ref rp, i) + x).StoreUnsafe(ref rp, i);
            }
        }

        for (; i < n; i++)
        {
            var x = Unsafe.Add(ref rg, i);
            Unsafe.Add(ref rp, i) += x;
        }
    }

    /// <summary>Reads p, g, a; writes p, a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> a)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var rp = ref MemoryMarshal.GetReference(p);
        ref var rg = ref MemoryMarshal.GetReference(g);
        ref var ra = ref MemoryMarshal.GetReference(a);
        var n = (nuint)p.Length;
        nuint i = 0;
        for (var head = Head(ref rp, n); i < head; i++)
        {
            var x = Unsafe.Add(ref rg, i);
            Unsafe.Add(ref rp, i) += x;
            Unsafe.Add(ref ra, i) += x;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector512<T>.Count; i + w <= n; i += w)
            {
                var x = Vector512.LoadUnsafe(ref rg, i);
                (Vector512.LoadUnsafe(ref rp, i) + x).StoreUnsafe(ref rp, i);
                (Vector512.LoadUnsafe(ref ra, i) + x).StoreUnsafe(ref ra, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector256<T>.Count; i + w <= n; i += w)
            {
                var x = Vector256.LoadUnsafe(ref rg, i);
                (Vector256.LoadUnsafe(ref rp, i) + x).StoreUnsafe(ref rp, i);
                (Vector256.LoadUnsafe(ref ra, i) + x).StoreUnsafe(ref ra, i);
            }
        }

        for (; i < n; i++)
        {
            var x = Unsafe.Add(ref rg, i);
            Unsafe.Add(ref rp, i) += x;
            Unsafe.Add(ref ra, i) += x;
        }
    }

    /// <summary>Reads p, g, a, b; writes p, a, b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> a, Span<T> b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var rp = ref MemoryMarshal.GetReference(p);
        ref var rg = ref MemoryMarshal.GetReference(g);
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        var n = (nuint)p.Length;
        nuint i = 0;
        for (var head = Head(ref rp, n); i < head; i++)
        {
            var x = Unsafe.Add(ref rg, i);
            Unsafe.Add(ref rp, i) += x;
            Unsafe.Add(ref ra, i) += x;
            Unsafe.Add(ref rb, i) += x;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector512<T>.Count; i + w <= n; i += w)
            {
                var x = Vector512.LoadUnsafe(ref rg, i);
                (Vector512.LoadUnsafe(ref rp, i) + x).StoreUnsafe(ref rp, i);
                (Vector512.LoadUnsafe(ref ra, i) + x).StoreUnsafe(ref ra, i);
                (Vector512.LoadUnsafe(ref rb, i) + x).StoreUnsafe(ref rb, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector256<T>.Count; i + w <= n; i += w)
            {
                var x = Vector256.LoadUnsafe(ref rg, i);
                (Vector256.LoadUnsafe(ref rp, i) + x).StoreUnsafe(ref rp, i);
                (Vector256.LoadUnsafe(ref ra, i) + x).StoreUnsafe(ref ra, i);
                (Vector256.LoadUnsafe(ref rb, i) + x).StoreUnsafe(ref rb, i);
            }
        }

        for (; i < n; i++)
        {
            var x = Unsafe.Add(ref rg, i);
            Unsafe.Add(ref rp, i) += x;
            Unsafe.Add(ref ra, i) += x;
            Unsafe.Add(ref rb, i) += x;
        }
    }

    /// <summary>Reads p, g, a, b, c; writes p, a, b, c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> a, Span<T> b, Span<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref var rp = ref MemoryMarshal.GetReference(p);
        ref var rg = ref MemoryMarshal.GetReference(g);
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rc = ref MemoryMarshal.GetReference(c);
        var n = (nuint)p.Length;
        nuint i = 0;
        for (var head = Head(ref rp, n); i < head; i++)
        {
            var x = Unsafe.Add(ref rg, i);
            Unsafe.Add(ref rp, i) += x;
            Unsafe.Add(ref ra, i) += x;
            Unsafe.Add(ref rb, i) += x;
            Unsafe.Add(ref rc, i) += x;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector512<T>.Count; i + w <= n; i += w)
            {
                var x = Vector512.LoadUnsafe(ref rg, i);
                (Vector512.LoadUnsafe(ref rp, i) + x).StoreUnsafe(ref rp, i);
                (Vector512.LoadUnsafe(ref ra, i) + x).StoreUnsafe(ref ra, i);
                (Vector512.LoadUnsafe(ref rb, i) + x).StoreUnsafe(ref rb, i);
                (Vector512.LoadUnsafe(ref rc, i) + x).StoreUnsafe(ref rc, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector256<T>.Count; i + w <= n; i += w)
            {
                var x = Vector256.LoadUnsafe(ref rg, i);
                (Vector256.LoadUnsafe(ref rp, i) + x).StoreUnsafe(ref rp, i);
                (Vector256.LoadUnsafe(ref ra, i) + x).StoreUnsafe(ref ra, i);
                (Vector256.LoadUnsafe(ref rb, i) + x).StoreUnsafe(ref rb, i);
                (Vector256.LoadUnsafe(ref rc, i) + x).StoreUnsafe(ref rc, i);
            }
        }

        for (; i < n; i++)
        {
            var x = Unsafe.Add(ref rg, i);
            Unsafe.Add(ref rp, i) += x;
            Unsafe.Add(ref ra, i) += x;
            Unsafe.Add(ref rb, i) += x;
            Unsafe.Add(ref rc, i) += x;
        }
    }

    /// <summary>
    /// Reads p, g and the 8-bit state of the 8-bit optimizers block by block (each block's code bytes and its float
    /// scale, for one state or two; an empty second state is skipped); writes p, the codes and the scales. One pass:
    /// each block of p and g is followed by the same block of every code array, as the 8-bit kernels walk them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<byte> codes0, Span<float> scales0, Span<byte> codes1, Span<float> scales1, int blockSize)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int start = 0, block = 0; start < p.Length; start += blockSize, block++)
        {
            var count = Math.Min(blockSize, p.Length - start);
            Update(p.Slice(start, count), g.Slice(start, count));
            Increment(codes0.Slice(start, count));
            scales0[block] += 1;
            if (!codes1.IsEmpty)
            {
                Increment(codes1.Slice(start, count));
                scales1[block] += 1;
            }
        }
    }

    /// <summary>Adds 1 to every byte, a vector at a time.</summary>
    private static void Increment(Span<byte> codes)
    {
        ref var c = ref MemoryMarshal.GetReference(codes);
        var n = (nuint)codes.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector512<byte>.Count; i + w <= n; i += w)
            {
                (Vector512.LoadUnsafe(ref c, i) + Vector512<byte>.One).StoreUnsafe(ref c, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (var w = (nuint)Vector256<byte>.Count; i + w <= n; i += w)
            {
                (Vector256.LoadUnsafe(ref c, i) + Vector256<byte>.One).StoreUnsafe(ref c, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref c, i)++;
        }
    }

    /// <summary>
    /// Elements to peel so <paramref name="p"/> (read and written) is vector-aligned, as the library's
    /// driver does on long spans; otherwise the roofline would pay split cache lines the kernels do not.
    /// </summary>
    private static unsafe nuint Head<T>(ref T p, nuint n)
        where T : unmanaged
    {
        var bytes = (nuint)(Vector512.IsHardwareAccelerated ? 64 : 32);
        var address = (nuint)Unsafe.AsPointer(ref p);
        return n < 8 * bytes / (nuint)sizeof(T) || address % (nuint)sizeof(T) != 0 ? 0 : (bytes - (address % bytes)) % bytes / (nuint)sizeof(T);
    }
}
