namespace LearningRate;

/// <summary>
/// Roots, exponentials, logarithms, powers and trigonometric functions: computed in float, as <see cref="Half"/> computes
/// them, and rounded to the nearest bfloat16 (the square root is correctly rounded; the others have float's accuracy
/// before the final rounding).
/// </summary>
public readonly partial struct BFloat16
{
    /// <summary>The square root, correctly rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>√x.</returns>
    public static BFloat16 Sqrt(BFloat16 x) => (BFloat16)float.Sqrt((float)x);

    /// <summary>The cube root, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>∛x.</returns>
    public static BFloat16 Cbrt(BFloat16 x) => (BFloat16)float.Cbrt((float)x);

    /// <summary>e raised to the value, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>eˣ.</returns>
    public static BFloat16 Exp(BFloat16 x) => (BFloat16)float.Exp((float)x);

    /// <summary>eˣ − 1, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>eˣ − 1.</returns>
    public static BFloat16 ExpM1(BFloat16 x) => (BFloat16)float.ExpM1((float)x);

    /// <summary>2 raised to the value, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>2ˣ.</returns>
    public static BFloat16 Exp2(BFloat16 x) => (BFloat16)float.Exp2((float)x);

    /// <summary>2ˣ − 1, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>2ˣ − 1.</returns>
    public static BFloat16 Exp2M1(BFloat16 x) => (BFloat16)float.Exp2M1((float)x);

    /// <summary>10 raised to the value, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>10ˣ.</returns>
    public static BFloat16 Exp10(BFloat16 x) => (BFloat16)float.Exp10((float)x);

    /// <summary>10ˣ − 1, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>10ˣ − 1.</returns>
    public static BFloat16 Exp10M1(BFloat16 x) => (BFloat16)float.Exp10M1((float)x);

    /// <summary>The natural logarithm, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>ln x.</returns>
    public static BFloat16 Log(BFloat16 x) => (BFloat16)float.Log((float)x);

    /// <summary>ln(x + 1), computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>ln(x + 1).</returns>
    public static BFloat16 LogP1(BFloat16 x) => (BFloat16)float.LogP1((float)x);

    /// <summary>The base-2 logarithm, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>log₂ x.</returns>
    public static BFloat16 Log2(BFloat16 x) => (BFloat16)float.Log2((float)x);

    /// <summary>log₂(x + 1), computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>log₂(x + 1).</returns>
    public static BFloat16 Log2P1(BFloat16 x) => (BFloat16)float.Log2P1((float)x);

    /// <summary>The base-10 logarithm, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>log₁₀ x.</returns>
    public static BFloat16 Log10(BFloat16 x) => (BFloat16)float.Log10((float)x);

    /// <summary>log₁₀(x + 1), computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>log₁₀(x + 1).</returns>
    public static BFloat16 Log10P1(BFloat16 x) => (BFloat16)float.Log10P1((float)x);

    /// <summary>The sine of an angle in radians, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>sin x.</returns>
    public static BFloat16 Sin(BFloat16 x) => (BFloat16)float.Sin((float)x);

    /// <summary>The cosine of an angle in radians, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>cos x.</returns>
    public static BFloat16 Cos(BFloat16 x) => (BFloat16)float.Cos((float)x);

    /// <summary>The tangent of an angle in radians, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>tan x.</returns>
    public static BFloat16 Tan(BFloat16 x) => (BFloat16)float.Tan((float)x);

    /// <summary>sin(πx), computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>sin(πx).</returns>
    public static BFloat16 SinPi(BFloat16 x) => (BFloat16)float.SinPi((float)x);

    /// <summary>cos(πx), computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>cos(πx).</returns>
    public static BFloat16 CosPi(BFloat16 x) => (BFloat16)float.CosPi((float)x);

    /// <summary>tan(πx), computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>tan(πx).</returns>
    public static BFloat16 TanPi(BFloat16 x) => (BFloat16)float.TanPi((float)x);

    /// <summary>The arcsine in radians, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>asin x.</returns>
    public static BFloat16 Asin(BFloat16 x) => (BFloat16)float.Asin((float)x);

    /// <summary>The arccosine in radians, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>acos x.</returns>
    public static BFloat16 Acos(BFloat16 x) => (BFloat16)float.Acos((float)x);

    /// <summary>The arctangent in radians, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>atan x.</returns>
    public static BFloat16 Atan(BFloat16 x) => (BFloat16)float.Atan((float)x);

    /// <summary>asin(x)/π, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>asin(x)/π.</returns>
    public static BFloat16 AsinPi(BFloat16 x) => (BFloat16)float.AsinPi((float)x);

    /// <summary>acos(x)/π, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>acos(x)/π.</returns>
    public static BFloat16 AcosPi(BFloat16 x) => (BFloat16)float.AcosPi((float)x);

    /// <summary>atan(x)/π, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>atan(x)/π.</returns>
    public static BFloat16 AtanPi(BFloat16 x) => (BFloat16)float.AtanPi((float)x);

    /// <summary>The hyperbolic sine, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>sinh x.</returns>
    public static BFloat16 Sinh(BFloat16 x) => (BFloat16)float.Sinh((float)x);

    /// <summary>The hyperbolic cosine, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>cosh x.</returns>
    public static BFloat16 Cosh(BFloat16 x) => (BFloat16)float.Cosh((float)x);

    /// <summary>The hyperbolic tangent, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>tanh x.</returns>
    public static BFloat16 Tanh(BFloat16 x) => (BFloat16)float.Tanh((float)x);

    /// <summary>The inverse hyperbolic sine, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>asinh x.</returns>
    public static BFloat16 Asinh(BFloat16 x) => (BFloat16)float.Asinh((float)x);

    /// <summary>The inverse hyperbolic cosine, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>acosh x.</returns>
    public static BFloat16 Acosh(BFloat16 x) => (BFloat16)float.Acosh((float)x);

    /// <summary>The inverse hyperbolic tangent, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>atanh x.</returns>
    public static BFloat16 Atanh(BFloat16 x) => (BFloat16)float.Atanh((float)x);

    /// <summary>Converts degrees to radians, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>x·π/180.</returns>
    public static BFloat16 DegreesToRadians(BFloat16 x) => (BFloat16)float.DegreesToRadians((float)x);

    /// <summary>Converts radians to degrees, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>x·180/π.</returns>
    public static BFloat16 RadiansToDegrees(BFloat16 x) => (BFloat16)float.RadiansToDegrees((float)x);

    /// <summary>x raised to the power y, computed in float and rounded.</summary>
    /// <param name="x">The first argument.</param>
    /// <param name="y">The second argument.</param>
    /// <returns>xʸ.</returns>
    public static BFloat16 Pow(BFloat16 x, BFloat16 y) => (BFloat16)float.Pow((float)x, (float)y);

    /// <summary>The angle of the point (x, y) in radians, computed in float and rounded.</summary>
    /// <param name="y">The first argument.</param>
    /// <param name="x">The second argument.</param>
    /// <returns>atan2(y, x).</returns>
    public static BFloat16 Atan2(BFloat16 y, BFloat16 x) => (BFloat16)float.Atan2((float)y, (float)x);

    /// <summary>atan2(y, x)/π, computed in float and rounded.</summary>
    /// <param name="y">The first argument.</param>
    /// <param name="x">The second argument.</param>
    /// <returns>atan2(y, x)/π.</returns>
    public static BFloat16 Atan2Pi(BFloat16 y, BFloat16 x) => (BFloat16)float.Atan2Pi((float)y, (float)x);

    /// <summary>√(x² + y²) without intermediate overflow, computed in float and rounded.</summary>
    /// <param name="x">The first argument.</param>
    /// <param name="y">The second argument.</param>
    /// <returns>√(x² + y²).</returns>
    public static BFloat16 Hypot(BFloat16 x, BFloat16 y) => (BFloat16)float.Hypot((float)x, (float)y);

    /// <summary>The logarithm of <paramref name="x"/> in base <paramref name="newBase"/>, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <param name="newBase">The base.</param>
    /// <returns>log_b x.</returns>
    public static BFloat16 Log(BFloat16 x, BFloat16 newBase) => (BFloat16)float.Log((float)x, (float)newBase);

    /// <summary>The <paramref name="n"/>-th root, computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <param name="n">The degree of the root.</param>
    /// <returns>x^(1/n).</returns>
    public static BFloat16 RootN(BFloat16 x, int n) => (BFloat16)float.RootN((float)x, n);

    /// <summary>The sine and cosine of an angle in radians, computed in float and rounded.</summary>
    /// <param name="x">The angle.</param>
    /// <returns>(sin x, cos x).</returns>
    public static (BFloat16 Sin, BFloat16 Cos) SinCos(BFloat16 x)
    {
        var (sin, cos) = float.SinCos((float)x);
        return ((BFloat16)sin, (BFloat16)cos);
    }

    /// <summary>sin(πx) and cos(πx), computed in float and rounded.</summary>
    /// <param name="x">The value.</param>
    /// <returns>(sin πx, cos πx).</returns>
    public static (BFloat16 SinPi, BFloat16 CosPi) SinCosPi(BFloat16 x)
    {
        var (sin, cos) = float.SinCosPi((float)x);
        return ((BFloat16)sin, (BFloat16)cos);
    }
}
