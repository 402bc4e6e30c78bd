using LearningRate.Optimizers;

namespace LearningRate.Tests.Conformance;

/// <summary>Builds our optimizer from a golden file's PyTorch configuration, option by option.</summary>
public static class GoldenOptimizers
{
    private static readonly string[] s_supportedTypes = ["Adam", "AdamW", "SGD", "Adagrad", "RMSprop"];

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
            "SGD" => Register(new Sgd<T>(SgdOptions(golden)), x, g),
            "Adagrad" => Register(new AdaGrad<T>(AdaGradOptions(golden)), x, g),
            "RMSprop" => Register(new RmsProp<T>(RmsPropOptions(golden)), x, g),
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

    private static SgdOptions SgdOptions(GoldenCase golden) => new()
    {
        LearningRate = golden.Get("lr"),
        Momentum = golden.Get("momentum"),
        Dampening = golden.Get("dampening"),
        WeightDecay = golden.Get("weight_decay"),
        Nesterov = golden.GetBool("nesterov"),
        Maximize = golden.GetBool("maximize"),
    };

    private static AdaGradOptions AdaGradOptions(GoldenCase golden) => new()
    {
        LearningRate = golden.Get("lr"),
        LearningRateDecay = golden.Get("lr_decay"),
        WeightDecay = golden.Get("weight_decay"),
        InitialAccumulatorValue = golden.Get("initial_accumulator_value"),
        Epsilon = golden.Get("eps"),
        Maximize = golden.GetBool("maximize"),
    };

    private static RmsPropOptions RmsPropOptions(GoldenCase golden) => new()
    {
        LearningRate = golden.Get("lr"),
        Alpha = golden.Get("alpha"),
        Epsilon = golden.Get("eps"),
        WeightDecay = golden.Get("weight_decay"),
        Momentum = golden.Get("momentum"),
        Centered = golden.GetBool("centered"),
        Maximize = golden.GetBool("maximize"),
    };

    private static IOptimizer CreateOther<T>(string type, GoldenCase golden, T[] x, T[] g)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new NotSupportedException($"{golden.Name}: no mapping for PyTorch optimizer {type}.");

    private static Optimizer<T, TOptions> Register<T, TOptions>(Optimizer<T, TOptions> optimizer, T[] x, T[] g)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TOptions : OptimizerOptions
    {
        optimizer.Add("x", x, g);
        return optimizer;
    }
}
