namespace LearningRate.Tests.Infrastructure;

/// <summary>The golden README's test problems, without noise, with their exact minima.</summary>
public static class Problems
{
    private static readonly double[] s_a = [0.5, 0.8, 1.0, 1.3, 1.6, 2.0, 0.7, 1.1];
    private static readonly double[] s_c = [1.0, -0.5, 2.0, 0.3, -1.5, 0.8, -2.2, 1.7];
    private const double B = 0.3;

    public static double[] QuadStart => [-1.0, 1.5, 0.0, 2.5, 1.0, -1.2, 0.4, -0.6];

    public static double[] RosenbrockStart => [-1.5, 2.0];

    public static void QuadGradient(double[] x, double[] g)
    {
        for (var i = 0; i < x.Length; i++)
        {
            g[i] = (2.0 * s_a[i] * (x[i] - s_c[i])) + (B * Math.Cos(x[i]));
        }
    }

    public static void RosenbrockGradient(double[] x, double[] g)
    {
        var w = x[1] - (x[0] * x[0]);
        g[0] = (-2.0 * (1 - x[0])) - (4.0 * 100 * x[0] * w);
        g[1] = 2.0 * 100 * w;
    }

    /// <summary>
    /// The quad minimum, coordinate by coordinate: the root of 2a(x − c) + b·cos x, which is unique
    /// because its derivative 2a − b·sin x ≥ 0.7 (Newton's method from c, to machine precision).
    /// </summary>
    public static double[] QuadMinimum()
    {
        var x = s_c.ToArray();
        for (var i = 0; i < x.Length; i++)
        {
            for (var iteration = 0; iteration < 50; iteration++)
            {
                var h = (2 * s_a[i] * (x[i] - s_c[i])) + (B * Math.Cos(x[i]));
                x[i] -= h / ((2 * s_a[i]) - (B * Math.Sin(x[i])));
            }
        }

        return x;
    }

    public static double[] RosenbrockMinimum => [1.0, 1.0];
}
