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
