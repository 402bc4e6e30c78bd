using System.Text.Json;

namespace LearningRate.Tests.Conformance;

/// <summary>One libtorch reference trajectory (schema: Conformance/Golden/README.md).</summary>
public sealed class GoldenCase
{
    private GoldenCase(string name, JsonElement root)
    {
        Name = name;
        Optimizer = root.GetProperty("optimizer");
        var problem = root.GetProperty("problem");
        A = Doubles(problem.GetProperty("a"));
        C = Doubles(problem.GetProperty("c"));
        B = problem.GetProperty("b").GetDouble();
        X0 = Doubles(problem.GetProperty("x0"));
        NegateGradient = problem.GetProperty("negate_gradient").GetBoolean();
        Noise = [.. problem.GetProperty("noise").EnumerateArray().Select(Doubles)];
        Trajectory = [.. root.GetProperty("trajectory").EnumerateArray().Select(Doubles)];
        LearningRates = Doubles(root.GetProperty("lrs"));
    }

    public string Name { get; }

    public JsonElement Optimizer { get; }

    /// <summary>Gets the PyTorch class the trajectory comes from (<c>torch.optim.{Type}</c>).</summary>
    public string Type => Optimizer.GetProperty("type").GetString()!;

    public double[] A { get; }

    public double[] C { get; }

    public double B { get; }

    public double[] X0 { get; }

    public bool NegateGradient { get; }

    public double[][] Noise { get; }

    /// <summary>Gets the parameters after steps 1, 2, ... (x0 excluded).</summary>
    public double[][] Trajectory { get; }

    public double[] LearningRates { get; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Conformance", "Golden");

    /// <summary>Gets the names of every quad golden file, in ordinal order.</summary>
    public static IReadOnlyList<string> Names =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "quad__*.json").Select(path => Path.GetFileNameWithoutExtension(path)).Order(StringComparer.Ordinal)];

    public static GoldenCase Load(string name)
    {
        using var stream = File.OpenRead(Path.Combine(Directory, name + ".json"));
        using var document = JsonDocument.Parse(stream);
        return new GoldenCase(name, document.RootElement.Clone());
    }

    /// <summary>The quad gradient at step t, evaluated left to right in double as the README prescribes.</summary>
    public void Gradient(ReadOnlySpan<double> x, int t, Span<double> g)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var value = (2.0 * A[i] * (x[i] - C[i])) + (B * Math.Cos(x[i])) + Noise[t][i];
            g[i] = NegateGradient ? -value : value;
        }
    }

    public double Get(string hyperParameter) => Optimizer.GetProperty(hyperParameter).GetDouble();

    public bool GetBool(string hyperParameter) => Optimizer.GetProperty(hyperParameter).GetBoolean();

    public double GetBeta(int index) => Optimizer.GetProperty("betas")[index].GetDouble();

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
