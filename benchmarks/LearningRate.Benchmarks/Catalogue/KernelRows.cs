using System.Runtime.CompilerServices;
using LearningRate.Kernels;

namespace LearningRate.Benchmarks.Catalogue;

/// <summary>
/// The catalogue: one row per kernel configuration, each measured by <see cref="CatalogueBenchmarks{T}"/>
/// in float and double at every length. Adding an optimizer (or a configuration that changes its
/// compiled kernel) adds one block to <see cref="Build"/>, nothing else.
/// </summary>
/// <remarks>
/// A block declares the row's hyper-parameters as constants, once, so the three delegates cannot
/// disagree (a <c>static</c> lambda may read a constant: it captures nothing). The delegates do
/// their own per-step scalar setup from <c>a.Step</c>; read them next to the kernel's documented
/// formula. Rows come out in the order of the blocks.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public static class KernelRows<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gets every row, in the order of the table.</summary>
    public static IReadOnlyList<KernelRow<T>> All { get; } = Build();

    private static T N(double value) => T.CreateTruncating(value);

    private static KernelRow<T>[] Build()
    {
        List<KernelRow<T>> rows = [];

        {
            // Adam, PyTorch defaults (AdamBenchmarks' Adam variant): reads θ, g, m, v; writes θ, m, v.
            const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
            rows.Add(new(
                "Adam",
                reads: 4,
                writes: 3,
                states: [0, 0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    T stepSize = N(Lr / (1 - Math.Pow(Beta1, a.Step))), bias2Sqrt = N(Math.Sqrt(1 - Math.Pow(Beta2, a.Step)));
                    T b1 = N(Beta1), b2 = N(Beta2), eps = N(Eps);
                    T[] p = a.P, g = a.G, m = a.S0, v = a.S1;
                    for (var i = 0; i < p.Length; i++)
                    {
                        m[i] = (b1 * m[i]) + ((T.One - b1) * g[i]);
                        v[i] = (b2 * v[i]) + ((T.One - b2) * g[i] * g[i]);
                        p[i] -= stepSize * m[i] / ((T.Sqrt(v[i]) / bias2Sqrt) + eps);
                    }
                },
                kernel: static a => AdamKernel.Update<T>(
                    a.P, a.G, a.S0, a.S1, a.S2, new(Lr, Beta1, Beta2, Eps, weightDecay: 0, amsGrad: false, maximize: false, decoupledWeightDecay: false, a.Step)),
                mathNet: static a =>
                {
                    var stepSize = N(Lr / (1 - Math.Pow(Beta1, a.Step)));
                    var bias2Sqrt = N(Math.Sqrt(1 - Math.Pow(Beta2, a.Step)));
                    var (p, g, m, v, temp) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Temp);
                    m.Multiply(N(Beta1), m);
                    g.Multiply(N(1 - Beta1), temp);
                    m.Add(temp, m);
                    g.PointwiseMultiply(g, temp);
                    temp.Multiply(N(1 - Beta2), temp);
                    v.Multiply(N(Beta2), v);
                    v.Add(temp, v);
                    v.PointwiseSqrt(temp);
                    temp.Divide(bias2Sqrt, temp);
                    temp.Add(N(Eps), temp);
                    m.PointwiseDivide(temp, temp);
                    temp.Multiply(stepSize, temp);
                    p.Subtract(temp, p);
                }));
        }

        {
            // NAdam, PyTorch defaults: reads θ, g, m, v; writes θ, m, v. Carry holds Πμ (1 before the first step).
            const double Lr = 2e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8, Psi = 4e-3;
            rows.Add(new(
                "NAdam",
                reads: 4,
                writes: 3,
                states: [0, 0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    var mu = Beta1 * (1 - (0.5 * Math.Pow(0.96, a.Step * Psi)));
                    var muNext = Beta1 * (1 - (0.5 * Math.Pow(0.96, (a.Step + 1) * Psi)));
                    var product = a.Carry = (a.Step == 1 ? 1 : a.Carry) * mu;
                    T gradientCoefficient = N(Lr * (1 - mu) / (1 - product)), momentCoefficient = N(Lr * muNext / (1 - (product * muNext)));
                    T b1 = N(Beta1), b2 = N(Beta2), eps = N(Eps), bias2 = N(1 - Math.Pow(Beta2, a.Step));
                    T[] p = a.P, g = a.G, m = a.S0, v = a.S1;
                    for (var i = 0; i < p.Length; i++)
                    {
                        m[i] = (b1 * m[i]) + ((T.One - b1) * g[i]);
                        v[i] = (b2 * v[i]) + ((T.One - b2) * g[i] * g[i]);
                        var d = T.Sqrt(v[i] / bias2) + eps;
                        p[i] -= (gradientCoefficient * g[i] / d) + (momentCoefficient * m[i] / d);
                    }
                },
                kernel: static a =>
                {
                    var scalars = new NAdamKernel.Scalars<T>(Lr, Beta1, Beta2, Eps, weightDecay: 0, Psi, decoupledWeightDecay: false, maximize: false, a.Step, a.Step == 1 ? 1 : a.Carry);
                    NAdamKernel.Update<T>(a.P, a.G, a.S0, a.S1, scalars);
                    a.Carry = scalars.MuProduct;
                },
                mathNet: static a =>
                {
                    var mu = Beta1 * (1 - (0.5 * Math.Pow(0.96, a.Step * Psi)));
                    var muNext = Beta1 * (1 - (0.5 * Math.Pow(0.96, (a.Step + 1) * Psi)));
                    var product = a.Carry = (a.Step == 1 ? 1 : a.Carry) * mu;
                    var (p, g, m, v, temp, temp2) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Temp, a.Temp2);
                    m.Multiply(N(Beta1), m);
                    g.Multiply(N(1 - Beta1), temp);
                    m.Add(temp, m);
                    g.PointwiseMultiply(g, temp);
                    temp.Multiply(N(1 - Beta2), temp);
                    v.Multiply(N(Beta2), v);
                    v.Add(temp, v);
                    v.Divide(N(1 - Math.Pow(Beta2, a.Step)), temp);
                    temp.PointwiseSqrt(temp);
                    temp.Add(N(Eps), temp);
                    g.PointwiseDivide(temp, temp2);
                    temp2.Multiply(N(Lr * (1 - mu) / (1 - product)), temp2);
                    p.Subtract(temp2, p);
                    m.PointwiseDivide(temp, temp2);
                    temp2.Multiply(N(Lr * muNext / (1 - (product * muNext))), temp2);
                    p.Subtract(temp2, p);
                }));
        }

        {
            // RAdam, PyTorch defaults: reads θ, g, m, v; writes θ, m, v. Rectified (ρ_t > 5) from step 6, so nearly every measured step.
            const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
            rows.Add(new(
                "RAdam",
                reads: 4,
                writes: 3,
                states: [0, 0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    var bias2 = 1 - Math.Pow(Beta2, a.Step);
                    var rhoInfinity = (2 / (1 - Beta2)) - 1;
                    var rho = rhoInfinity - (2 * a.Step * Math.Pow(Beta2, a.Step) / bias2);
                    var rectified = rho > 5;
                    T stepSize = N(Lr / (1 - Math.Pow(Beta1, a.Step)));
                    T rectification = N(rectified ? Math.Sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)) : 1);
                    T b1 = N(Beta1), b2 = N(Beta2), eps = N(Eps), bias2Sqrt = N(Math.Sqrt(bias2));
                    T[] p = a.P, g = a.G, m = a.S0, v = a.S1;
                    for (var i = 0; i < p.Length; i++)
                    {
                        m[i] = (b1 * m[i]) + ((T.One - b1) * g[i]);
                        v[i] = (b2 * v[i]) + ((T.One - b2) * g[i] * g[i]);
                        var corrected = m[i] * stepSize;
                        p[i] -= rectified ? corrected * bias2Sqrt / (T.Sqrt(v[i]) + eps) * rectification : corrected;
                    }
                },
                kernel: static a => RAdamKernel.Update<T>(
                    a.P, a.G, a.S0, a.S1, new(Lr, Beta1, Beta2, Eps, weightDecay: 0, decoupledWeightDecay: false, maximize: false, a.Step)),
                mathNet: static a =>
                {
                    var bias2 = 1 - Math.Pow(Beta2, a.Step);
                    var rhoInfinity = (2 / (1 - Beta2)) - 1;
                    var rho = rhoInfinity - (2 * a.Step * Math.Pow(Beta2, a.Step) / bias2);
                    var stepSize = Lr / (1 - Math.Pow(Beta1, a.Step));
                    var (p, g, m, v, temp) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Temp);
                    m.Multiply(N(Beta1), m);
                    g.Multiply(N(1 - Beta1), temp);
                    m.Add(temp, m);
                    g.PointwiseMultiply(g, temp);
                    temp.Multiply(N(1 - Beta2), temp);
                    v.Multiply(N(Beta2), v);
                    v.Add(temp, v);
                    if (rho > 5)
                    {
                        stepSize *= Math.Sqrt((rho - 4) * (rho - 2) * rhoInfinity / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)) * Math.Sqrt(bias2);
                        v.PointwiseSqrt(temp);
                        temp.Add(N(Eps), temp);
                        m.PointwiseDivide(temp, temp);
                        temp.Multiply(N(stepSize), temp);
                    }
                    else
                    {
                        m.Multiply(N(stepSize), temp);
                    }

                    p.Subtract(temp, p);
                }));
        }

        {
            // ASGD averaging from step 2 on (t0 = 0), PyTorch's other defaults: reads θ, g, ax; writes θ, ax.
            // η and μ of step t are those PyTorch computes at the end of step t − 1 (η = γ, μ = 1 on step 1).
            const double Lr = 1e-2, Lambd = 1e-4, Alpha = 0.75, T0 = 0;
            rows.Add(new(
                "Asgd",
                reads: 3,
                writes: 2,
                states: [0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    var eta = a.Step == 1 ? Lr : Lr / Math.Pow(1 + (Lambd * Lr * (a.Step - 1)), Alpha);
                    var mu = a.Step == 1 ? 1 : 1 / Math.Max(1, a.Step - 1 - T0);
                    T decay = N(1 - (Lambd * eta)), step = N(eta), weight = N(mu);
                    T[] p = a.P, g = a.G, ax = a.S0;
                    for (var i = 0; i < p.Length; i++)
                    {
                        p[i] = (p[i] * decay) - (step * g[i]);
                        ax[i] = mu != 1 ? ax[i] + ((p[i] - ax[i]) * weight) : p[i];
                    }
                },
                kernel: static a => AsgdKernel.Update<T>(
                    a.P,
                    a.G,
                    a.S0,
                    new(
                        Lambd,
                        weightDecay: 0,
                        maximize: false,
                        eta: a.Step == 1 ? Lr : AsgdKernel.NextEta(Lr, Lambd, Alpha, a.Step - 1),
                        mu: a.Step == 1 ? 1 : AsgdKernel.NextMu(T0, a.Step - 1))),
                mathNet: static a =>
                {
                    var eta = a.Step == 1 ? Lr : Lr / Math.Pow(1 + (Lambd * Lr * (a.Step - 1)), Alpha);
                    var mu = a.Step == 1 ? 1 : 1 / Math.Max(1, a.Step - 1 - T0);
                    var (p, g, ax, temp) = (a.Vp, a.Vg, a.Vs0, a.Temp);
                    p.Multiply(N(1 - (Lambd * eta)), p);
                    g.Multiply(N(-eta), temp);
                    p.Add(temp, p);
                    if (mu != 1)
                    {
                        p.Subtract(ax, temp);
                        temp.Multiply(N(mu), temp);
                        ax.Add(temp, ax);
                    }
                    else
                    {
                        p.CopyTo(ax);
                    }
                }));
        }

        {
            // Rprop, PyTorch's defaults: reads θ, g, prev, s; writes θ, prev, s.
            const double Lr = 1e-2, EtaMinus = 0.5, EtaPlus = 1.2, Min = 1e-6, Max = 50;
            rows.Add(new(
                "Rprop",
                reads: 4,
                writes: 3,
                states: [0, Lr],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    T etaMinus = N(EtaMinus), etaPlus = N(EtaPlus), min = N(Min), max = N(Max);
                    T[] p = a.P, g = a.G, prev = a.S0, s = a.S1;
                    for (var i = 0; i < p.Length; i++)
                    {
                        var product = g[i] * prev[i];
                        var factor = product > T.Zero ? etaPlus : product < T.Zero ? etaMinus : T.One;
                        s[i] = T.Clamp(s[i] * factor, min, max);
                        var gradient = product < T.Zero ? T.Zero : g[i];
                        p[i] -= gradient > T.Zero ? s[i] : gradient < T.Zero ? -s[i] : T.Zero;
                        prev[i] = gradient;
                    }
                },
                kernel: static a => RpropKernel.Update<T>(a.P, a.G, a.S0, a.S1, new(EtaMinus, EtaPlus, Min, Max, maximize: false)),
                mathNet: static a =>
                {
                    var (p, g, prev, s, temp, temp2) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Temp, a.Temp2);
                    g.PointwiseMultiply(prev, temp);
                    temp.Map(static x => x > T.Zero ? N(EtaPlus) : x < T.Zero ? N(EtaMinus) : T.One, temp2, MathNet.Numerics.LinearAlgebra.Zeros.Include);
                    s.PointwiseMultiply(temp2, s);
                    s.PointwiseMaximum(N(Min), s);
                    s.PointwiseMinimum(N(Max), s);
                    g.Map2(static (gradient, product) => product < T.Zero ? T.Zero : gradient, temp, prev, MathNet.Numerics.LinearAlgebra.Zeros.Include);
                    prev.PointwiseSign(temp);
                    temp.PointwiseMultiply(s, temp);
                    p.Subtract(temp, p);
                }));
        }

        {
            // Adamax, PyTorch defaults: reads θ, g, m, u; writes θ, m, u.
            const double Lr = 2e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
            rows.Add(new(
                "Adamax",
                reads: 4,
                writes: 3,
                states: [0, 0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    T stepSize = N(Lr / (1 - Math.Pow(Beta1, a.Step)));
                    T b1 = N(Beta1), b2 = N(Beta2), eps = N(Eps);
                    T[] p = a.P, g = a.G, m = a.S0, u = a.S1;
                    for (var i = 0; i < p.Length; i++)
                    {
                        m[i] = (b1 * m[i]) + ((T.One - b1) * g[i]);
                        u[i] = T.Max(b2 * u[i], T.Abs(g[i]) + eps);
                        p[i] -= stepSize * m[i] / u[i];
                    }
                },
                kernel: static a => AdamaxKernel.Update<T>(
                    a.P, a.G, a.S0, a.S1, new(Lr, Beta1, Beta2, Eps, weightDecay: 0, maximize: false, a.Step)),
                mathNet: static a =>
                {
                    var stepSize = N(Lr / (1 - Math.Pow(Beta1, a.Step)));
                    var (p, g, m, u, temp) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Temp);
                    m.Multiply(N(Beta1), m);
                    g.Multiply(N(1 - Beta1), temp);
                    m.Add(temp, m);
                    g.PointwiseAbs(temp);
                    temp.Add(N(Eps), temp);
                    u.Multiply(N(Beta2), u);
                    u.PointwiseMaximum(temp, u);
                    m.PointwiseDivide(u, temp);
                    temp.Multiply(stepSize, temp);
                    p.Subtract(temp, p);
                }));
        }

        {
            // Adadelta, PyTorch defaults: reads θ, g, v, u; writes θ, v, u.
            const double Lr = 1.0, Rho = 0.9, Eps = 1e-6;
            rows.Add(new(
                "Adadelta",
                reads: 4,
                writes: 3,
                states: [0, 0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    T rho = N(Rho), eps = N(Eps), lr = N(Lr);
                    T[] p = a.P, g = a.G, v = a.S0, u = a.S1;
                    for (var i = 0; i < p.Length; i++)
                    {
                        v[i] = (rho * v[i]) + ((T.One - rho) * g[i] * g[i]);
                        var delta = T.Sqrt(u[i] + eps) / T.Sqrt(v[i] + eps) * g[i];
                        u[i] = (rho * u[i]) + ((T.One - rho) * delta * delta);
                        p[i] -= lr * delta;
                    }
                },
                kernel: static a => AdadeltaKernel.Update<T>(
                    a.P, a.G, a.S0, a.S1, new(Lr, Rho, Eps, weightDecay: 0, maximize: false)),
                mathNet: static a =>
                {
                    var (p, g, v, u, temp, delta) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Temp, a.Temp2);
                    g.PointwiseMultiply(g, temp);
                    temp.Multiply(N(1 - Rho), temp);
                    v.Multiply(N(Rho), v);
                    v.Add(temp, v);
                    v.Add(N(Eps), temp);
                    temp.PointwiseSqrt(temp);
                    u.Add(N(Eps), delta);
                    delta.PointwiseSqrt(delta);
                    delta.PointwiseDivide(temp, delta);
                    delta.PointwiseMultiply(g, delta);
                    delta.PointwiseMultiply(delta, temp);
                    temp.Multiply(N(1 - Rho), temp);
                    u.Multiply(N(Rho), u);
                    u.Add(temp, u);
                    delta.Multiply(N(Lr), delta);
                    p.Subtract(delta, p);
                }));
        }

        {
            // Lion, Optax's β and λ with γ = 1e-4: reads θ, g, m; writes θ, m (20 bytes per float element).
            const double Lr = 1e-4, Beta1 = 0.9, Beta2 = 0.99, Wd = 1e-3;
            rows.Add(new(
                "Lion",
                reads: 3,
                writes: 2,
                states: [0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    T b1 = N(Beta1), b2 = N(Beta2), wd = N(Wd), lr = N(Lr);
                    T[] p = a.P, g = a.G, m = a.S0;
                    for (var i = 0; i < p.Length; i++)
                    {
                        var c = (b1 * m[i]) + ((T.One - b1) * g[i]);
                        var u = c > T.Zero ? T.One : c < T.Zero ? -T.One : T.Zero;
                        m[i] = (b2 * m[i]) + ((T.One - b2) * g[i]);
                        p[i] -= lr * (u + (wd * p[i]));
                    }
                },
                kernel: static a => LionKernel.Update<T>(a.P, a.G, a.S0, new(Lr, Beta1, Beta2, Wd, maximize: false)),
                mathNet: static a =>
                {
                    var (p, g, m, temp, temp2) = (a.Vp, a.Vg, a.Vs0, a.Temp, a.Temp2);
                    m.Multiply(N(Beta1), temp);
                    g.Multiply(N(1 - Beta1), temp2);
                    temp.Add(temp2, temp);
                    temp.PointwiseSign(temp);
                    m.Multiply(N(Beta2), m);
                    g.Multiply(N(1 - Beta2), temp2);
                    m.Add(temp2, m);
                    p.Multiply(N(Wd), temp2);
                    temp.Add(temp2, temp);
                    temp.Multiply(N(Lr), temp);
                    p.Subtract(temp, p);
                }));
        }

        {
            // LAMB, Optax's defaults with γ = 1e-3, in two passes over the tensor: the first reads θ, g, m, v and writes
            // m, v (24 bytes per float element) while summing ‖θ‖² and ‖u‖²; the second reads θ, m, v and writes θ
            // (16 bytes), 40 in all. The roofline copies one pass, so this row declares Adam's single pass (θ, g, m, v
            // read; θ, m, v written: 28 bytes): in memory-bound sizes LAMB can reach at most 28/40 = 0.7 of it.
            const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-6;
            rows.Add(new(
                "Lamb",
                reads: 4,
                writes: 3,
                states: [0, 0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    T bias1 = N(1 - Math.Pow(Beta1, a.Step)), bias2 = N(1 - Math.Pow(Beta2, a.Step));
                    T b1 = N(Beta1), b2 = N(Beta2), eps = N(Eps);
                    T[] p = a.P, g = a.G, m = a.S0, v = a.S1;
                    double parameterSquares = 0, updateSquares = 0;
                    for (var i = 0; i < p.Length; i++)
                    {
                        m[i] = (b1 * m[i]) + ((T.One - b1) * g[i]);
                        v[i] = (b2 * v[i]) + ((T.One - b2) * g[i] * g[i]);
                        var u = double.CreateTruncating(m[i] / bias1 / (T.Sqrt(v[i] / bias2) + eps));
                        var q = double.CreateTruncating(p[i]);
                        parameterSquares += q * q;
                        updateSquares += u * u;
                    }

                    var ratio = parameterSquares == 0 || updateSquares == 0 ? 1 : Math.Sqrt(parameterSquares) / Math.Sqrt(updateSquares);
                    var step = N(Lr * ratio);
                    for (var i = 0; i < p.Length; i++)
                    {
                        p[i] -= step * (m[i] / bias1 / (T.Sqrt(v[i] / bias2) + eps));
                    }
                },
                kernel: static a => LambKernel.Update<T>(
                    a.P, a.G, a.S0, a.S1, new(Lr, Beta1, Beta2, Eps, epsilonRoot: 0, weightDecay: 0, maximize: false, a.Step)),
                mathNet: static a =>
                {
                    var (p, g, m, v, temp) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Temp);
                    m.Multiply(N(Beta1), m);
                    g.Multiply(N(1 - Beta1), temp);
                    m.Add(temp, m);
                    g.PointwiseMultiply(g, temp);
                    temp.Multiply(N(1 - Beta2), temp);
                    v.Multiply(N(Beta2), v);
                    v.Add(temp, v);
                    v.Divide(N(1 - Math.Pow(Beta2, a.Step)), temp);
                    temp.PointwiseSqrt(temp);
                    temp.Add(N(Eps), temp);
                    m.PointwiseDivide(temp, temp);
                    temp.Divide(N(1 - Math.Pow(Beta1, a.Step)), temp);
                    double parameterNorm = p.L2Norm(), updateNorm = temp.L2Norm();
                    var ratio = parameterNorm == 0 || updateNorm == 0 ? 1 : parameterNorm / updateNorm;
                    temp.Multiply(N(Lr * ratio), temp);
                    p.Subtract(temp, p);
                }));
        }

        {
            // Schedule-Free SGD, upstream defaults: reads θ (its store allocates the line; the values are read only with weight
            // decay), g, z, x; writes θ (= y), z, x: 7 arrays, 28 B per float element, 56 B per double. A constant rate with
            // r = 0 and weight_lr_power = 2 weighs every update the same, c = 1/t.
            const double Lr = 1.0, Momentum = 0.9;
            rows.Add(new(
                "ScheduleFreeSgd",
                reads: 4,
                writes: 3,
                states: [0, 0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    T c = N(1.0 / a.Step), lr = N(Lr), beta = N(Momentum);
                    T[] p = a.P, g = a.G, z = a.S0, x = a.S1;
                    for (var i = 0; i < p.Length; i++)
                    {
                        z[i] -= lr * g[i];
                        x[i] = ((T.One - c) * x[i]) + (c * z[i]);
                        p[i] = (beta * x[i]) + ((T.One - beta) * z[i]);
                    }
                },
                kernel: static a => ScheduleFreeSgdKernel.Update<T>(
                    a.P, a.G, a.S0, a.S1, new(Lr, Momentum, weightDecay: 0, maximize: false, averagingWeight: 1.0 / a.Step)),
                mathNet: static a =>
                {
                    var c = 1.0 / a.Step;
                    var (p, g, z, x, temp) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Temp);
                    g.Multiply(N(Lr), temp);
                    z.Subtract(temp, z);
                    x.Multiply(N(1 - c), x);
                    z.Multiply(N(c), temp);
                    x.Add(temp, x);
                    x.Multiply(N(Momentum), p);
                    z.Multiply(N(1 - Momentum), temp);
                    p.Add(temp, p);
                }));
        }

        {
            // Schedule-Free AdamW, upstream defaults: reads θ (its store allocates the line; the values are read only with
            // weight decay at y), g, z, x, v; writes θ (= y), z, x, v: 9 arrays, 36 B per float element, 72 B per double.
            // A constant rate with r = 0 and weight_lr_power = 2 weighs every update the same, c = 1/t.
            const double Lr = 0.0025, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
            rows.Add(new(
                "ScheduleFreeAdamW",
                reads: 5,
                writes: 4,
                states: [0, 0, 0],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) =>
                {
                    T c = N(1.0 / a.Step), lr = N(Lr), b1 = N(Beta1), b2 = N(Beta2), eps = N(Eps), bias2 = N(1 - Math.Pow(Beta2, a.Step));
                    T[] p = a.P, g = a.G, z = a.S0, x = a.S1, v = a.S2;
                    for (var i = 0; i < p.Length; i++)
                    {
                        v[i] = (b2 * v[i]) + ((T.One - b2) * g[i] * g[i]);
                        z[i] -= lr * g[i] / (T.Sqrt(v[i] / bias2) + eps);
                        x[i] = ((T.One - c) * x[i]) + (c * z[i]);
                        p[i] = (b1 * x[i]) + ((T.One - b1) * z[i]);
                    }
                },
                kernel: static a => ScheduleFreeAdamWKernel.Update<T>(
                    a.P, a.G, a.S0, a.S1, a.S2, new(Lr, Beta1, Beta2, Eps, weightDecay: 0, decayAtZ: false, maximize: false, a.Step, averagingWeight: 1.0 / a.Step)),
                mathNet: static a =>
                {
                    var c = 1.0 / a.Step;
                    var (p, g, z, x, v, temp) = (a.Vp, a.Vg, a.Vs0, a.Vs1, a.Vs2, a.Temp);
                    g.PointwiseMultiply(g, temp);
                    temp.Multiply(N(1 - Beta2), temp);
                    v.Multiply(N(Beta2), v);
                    v.Add(temp, v);
                    v.Divide(N(1 - Math.Pow(Beta2, a.Step)), temp);
                    temp.PointwiseSqrt(temp);
                    temp.Add(N(Eps), temp);
                    g.PointwiseDivide(temp, temp);
                    temp.Multiply(N(Lr), temp);
                    z.Subtract(temp, z);
                    x.Multiply(N(1 - c), x);
                    z.Multiply(N(c), temp);
                    x.Add(temp, x);
                    x.Multiply(N(Beta1), p);
                    z.Multiply(N(1 - Beta1), temp);
                    p.Add(temp, p);
                }));
        }

        {
            // Adam with 8-bit block-wise state, PyTorch defaults: reads θ, g; writes θ; reads and writes the codes of
            // r = m/√v and u = √v (one byte each) and their float scales per block of 256 (16.06 bytes per float θ).
            const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
            rows.Add(new(
                "Adam8Bit",
                reads: 2,
                writes: 1,
                states: [],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) => EightBitScalarLoops.Adam(a, Lr, Beta1, Beta2, Eps),
                kernel: static a => Adam8BitKernel.Update<T>(
                    a.P, a.G, a.Codes0, a.Scales0, a.Codes1, a.Scales1, BlockQuantization.DefaultBlockSize, new(Lr, Beta1, Beta2, Eps, weightDecay: 0, maximize: false, decoupledWeightDecay: false, a.Step)),
                mathNet: static a =>
                {
                    // The public codec decodes and encodes (MathNet has no 8-bit vectors); MathNet does the update.
                    var stepSize = N(Lr / (1 - Math.Pow(Beta1, a.Step)));
                    var bias2Sqrt = N(Math.Sqrt(1 - Math.Pow(Beta2, a.Step)));
                    var (p, g, m, u, temp) = (a.Vp, a.Vg, a.Temp, a.Temp2, a.Temp3);
                    BlockQuantization.DequantizeSigned<T>(a.Codes0, a.Scales0, BlockQuantization.DefaultBlockSize, m.AsArray());
                    BlockQuantization.DequantizeUnsigned<T>(a.Codes1, a.Scales1, BlockQuantization.DefaultBlockSize, u.AsArray());
                    m.PointwiseMultiply(u, m);
                    m.Multiply(N(Beta1), m);
                    g.Multiply(N(1 - Beta1), temp);
                    m.Add(temp, m);
                    u.PointwiseMultiply(u, u);
                    u.Multiply(N(Beta2), u);
                    g.PointwiseMultiply(g, temp);
                    temp.Multiply(N(1 - Beta2), temp);
                    u.Add(temp, u);
                    u.PointwiseSqrt(u);
                    u.Divide(bias2Sqrt, temp);
                    temp.Add(N(Eps), temp);
                    m.PointwiseDivide(temp, temp);
                    temp.Multiply(stepSize, temp);
                    p.Subtract(temp, p);
                    m.PointwiseDivide(u, m);   // r = m/u; u > 0 for these gradients
                    BlockQuantization.QuantizeSigned<T>(m.AsArray(), BlockQuantization.DefaultBlockSize, a.Codes0, a.Scales0);
                    BlockQuantization.QuantizeUnsigned<T>(u.AsArray(), BlockQuantization.DefaultBlockSize, a.Codes1, a.Scales1);
                },
                quantizedStates: 2));
        }

        {
            // Momentum SGD with an 8-bit velocity, μ = 0.9: reads θ, g; writes θ; reads and writes the velocity's codes
            // (one byte) and float scales per block of 256 (14.03 bytes per float θ).
            const double Lr = 1e-3, Mu = 0.9;
            rows.Add(new(
                "Momentum8Bit",
                reads: 2,
                writes: 1,
                states: [],
                scalar: [MethodImpl(MethodImplOptions.AggressiveOptimization)] static (a) => EightBitScalarLoops.Momentum(a, Lr, Mu),
                kernel: static a => Momentum8BitKernel.Update<T>(
                    a.P, a.G, a.Codes0, a.Scales0, BlockQuantization.DefaultBlockSize, new(Lr, Mu, dampening: 0, weightDecay: 0, nesterov: false, maximize: false), momentumStarted: a.Step > 1),
                mathNet: static a =>
                {
                    var (p, g, b, temp) = (a.Vp, a.Vg, a.Temp, a.Temp2);
                    BlockQuantization.DequantizeSigned<T>(a.Codes0, a.Scales0, BlockQuantization.DefaultBlockSize, b.AsArray());
                    b.Multiply(N(a.Step > 1 ? Mu : 0), b);
                    b.Add(g, b);
                    b.Multiply(N(Lr), temp);
                    p.Subtract(temp, p);
                    BlockQuantization.QuantizeSigned<T>(b.AsArray(), BlockQuantization.DefaultBlockSize, a.Codes0, a.Scales0);
                },
                quantizedStates: 1));
        }

        return [.. rows];
    }
}
