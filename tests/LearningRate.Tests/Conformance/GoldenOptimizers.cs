using LearningRate.Optimizers;

namespace LearningRate.Tests.Conformance;

/// <summary>Builds our optimizer from a golden file's PyTorch configuration, option by option.</summary>
public static class GoldenOptimizers
{
    private static readonly string[] s_supportedTypes = ["Adam", "AdamW"];

    public static bool IsSupported(string name) =>
        s_supportedTypes.Contains(GoldenCase.Load(name).Optimizer.GetProperty("type").GetString());

    public static IOptimizer Create<T>(GoldenCase golden, T[] x, T[] g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var type = golden.Optimizer.GetProperty("type").GetString();
        IOptimizer optimizer = type switch
        {
            "Adam" => Register(new Adam<T>(AdamOptions(golden, new AdamOptions())), x, g),
            "AdamW" => Register(new AdamW<T>((AdamWOptions)AdamOptions(golden, new AdamWOptions())), x, g),
            _ => CreateOther<T>(type!, golden, x, g),
        };
        return optimizer;
    }

    private static AdamOptions AdamOptions(GoldenCase golden, AdamOptions defaults) => defaults with
    {
        LearningRate = golden.Get("lr"),
        Beta1 = golden.GetBeta(0),
        Beta2 = golden.GetBeta(1),
        Epsilon = golden.Get("eps"),
        WeightDecay = golden.Get("weight_decay"),
        AmsGrad = golden.GetBool("amsgrad"),
        Maximize = golden.GetBool("maximize"),
        DecoupledWeightDecay = golden.Optimizer.TryGetProperty("decoupled_weight_decay", out var d) ? d.GetBoolean() : defaults.DecoupledWeightDecay,
    };

    private static IOptimizer CreateOther<T>(string type, GoldenCase golden, T[] x, T[] g)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new NotSupportedException($"{golden.Name}: no mapping for PyTorch optimizer {type}.");

    private static TOptimizer Register<TOptimizer, T>(TOptimizer optimizer, T[] x, T[] g)
        where TOptimizer : Optimizer<T, AdamOptions>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        optimizer.Add("x", x, g);
        return optimizer;
    }
}
