using BenchmarkDotNet.Attributes;
using LearningRate.Optimizers;

namespace LearningRate.Benchmarks;

/// <summary>Where the registered parameters' memory comes from.</summary>
public enum RegistrationLayout
{
    /// <summary>Each value and each gradient is its own array.</summary>
    SeparateArrays,

    /// <summary>The values are consecutive slices of one buffer, the gradients of another (a flat model).</summary>
    SlicesOfOneBuffer,
}

/// <summary>
/// The cost of registering parameters of 100 floats into a fresh <c>Adam&lt;float&gt;</c>, per tensor: 1,000, 100,000
/// and 1,000,000 of them, each value and gradient its own array (<see cref="RegistrationLayout.SeparateArrays"/>) or
/// consecutive slices of one value buffer and one gradient buffer (<see cref="RegistrationLayout.SlicesOfOneBuffer"/>).
/// One invocation creates the optimizer and registers every tensor (name check, overlap check against every
/// registered parameter, state allocation); each method declares its tensor count as <c>OperationsPerInvoke</c>, so
/// the Mean column is the time per tensor, and registration is linear when it stays flat from 1,000 to 1,000,000.
/// </summary>
/// <remarks>
/// Adam's moments start at zero and the state arena's fresh memory is zero already, so registration does not write
/// them: the first step does. Run from the repository root (the suite's short default job, 3 warm-up and 7 measured
/// iterations):
/// <code>
/// dotnet run -c Release --project benchmarks/LearningRate.Benchmarks -- --filter '*RegistrationBenchmarks*'
/// </code>
/// Add <c>--job Dry</c> for a smoke run (each case once).
/// </remarks>
[MemoryDiagnoser]
public class RegistrationBenchmarks
{
    private const int Elements = 100;

    private string[] _names = [];
    private Memory<float>[] _values = [];
    private Memory<float>[] _gradients = [];

    /// <summary>Gets or sets where the memory comes from.</summary>
    [Params(RegistrationLayout.SeparateArrays, RegistrationLayout.SlicesOfOneBuffer)]
    public RegistrationLayout Layout { get; set; }

    [GlobalSetup(Target = nameof(Tensors1K))]
    public void Setup1K() => Setup(1_000);

    [GlobalSetup(Target = nameof(Tensors100K))]
    public void Setup100K() => Setup(100_000);

    [GlobalSetup(Target = nameof(Tensors1M))]
    public void Setup1M() => Setup(1_000_000);

    [Benchmark(OperationsPerInvoke = 1_000)]
    public Adam<float> Tensors1K() => Register();

    [Benchmark(OperationsPerInvoke = 100_000)]
    public Adam<float> Tensors100K() => Register();

    [Benchmark(OperationsPerInvoke = 1_000_000)]
    public Adam<float> Tensors1M() => Register();

    private Adam<float> Register()
    {
        var adam = new Adam<float>();
        for (var i = 0; i < _names.Length; i++)
        {
            adam.Add(_names[i], _values[i], _gradients[i]);
        }

        return adam;
    }

    // Everything a registration is given is made here, so the benchmark times registration alone. At a million
    // tensors this is 800 MB of parameters and gradients, made once per case (a smoke run makes it once).
    private void Setup(int tensors)
    {
        _names = new string[tensors];
        _values = new Memory<float>[tensors];
        _gradients = new Memory<float>[tensors];
        var values = Layout == RegistrationLayout.SlicesOfOneBuffer ? new float[tensors * Elements] : null;
        var gradients = Layout == RegistrationLayout.SlicesOfOneBuffer ? new float[tensors * Elements] : null;
        for (var i = 0; i < tensors; i++)
        {
            _names[i] = "layer" + i;
            _values[i] = values is null ? new float[Elements] : values.AsMemory(i * Elements, Elements);
            _gradients[i] = gradients is null ? new float[Elements] : gradients.AsMemory(i * Elements, Elements);
        }
    }
}
