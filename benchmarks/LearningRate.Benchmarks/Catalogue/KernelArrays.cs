namespace LearningRate.Benchmarks.Catalogue;

/// <summary>
/// What a catalogue row's delegates work on, allocated once per benchmark case: the parameters P
/// (in [-1, 1)), gradients G (in [-0.5, 0.5)) and state buffers S0..S2 of <c>Length</c> elements,
/// the 8-bit code arrays and their block scales of a row with quantized state, MathNet vectors over
/// the very same arrays, three scratch vectors for MathNet's temporaries, the step number and one
/// running scalar.
/// </summary>
/// <remarks>
/// A state the row does not declare is an empty array (the kernels accept an empty span for a
/// buffer they ignore) and its vector throws when read. The roofline may allocate more state arrays
/// than the row declares (its traffic decides), never fewer.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class KernelArrays<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MathNet.Numerics.LinearAlgebra.Vector<T>?[] _stateVectors;

    internal KernelArrays(T[] parameters, T[] gradients, T[][] states, byte[][] codes, float[][] scales)
    {
        Codes0 = codes.Length > 0 ? codes[0] : [];
        Codes1 = codes.Length > 1 ? codes[1] : [];
        Scales0 = scales.Length > 0 ? scales[0] : [];
        Scales1 = scales.Length > 1 ? scales[1] : [];
        P = parameters;
        G = gradients;
        S0 = states.Length > 0 ? states[0] : [];
        S1 = states.Length > 1 ? states[1] : [];
        S2 = states.Length > 2 ? states[2] : [];
        Vp = Wrap(P);
        Vg = Wrap(G);
        _stateVectors = [.. states.Select(s => (MathNet.Numerics.LinearAlgebra.Vector<T>?)Wrap(s))];
        Temp = Wrap(new T[P.Length]);
        Temp2 = Wrap(new T[P.Length]);
        Temp3 = Wrap(new T[P.Length]);
    }

    /// <summary>Gets the parameters θ.</summary>
    public T[] P { get; }

    /// <summary>Gets the gradients g (never written by a row).</summary>
    public T[] G { get; }

    /// <summary>Gets the first state buffer (empty if the row declares none).</summary>
    public T[] S0 { get; }

    /// <summary>Gets the second state buffer (empty if the row declares fewer than two).</summary>
    public T[] S1 { get; }

    /// <summary>Gets the third state buffer (empty if the row declares fewer than three).</summary>
    public T[] S2 { get; }

    /// <summary>Gets the first 8-bit code array (empty unless the row declares quantized state).</summary>
    public byte[] Codes0 { get; }

    /// <summary>Gets the second 8-bit code array (empty unless the row declares two).</summary>
    public byte[] Codes1 { get; }

    /// <summary>Gets the block scales of <see cref="Codes0"/>.</summary>
    public float[] Scales0 { get; }

    /// <summary>Gets the block scales of <see cref="Codes1"/>.</summary>
    public float[] Scales1 { get; }

    /// <summary>Gets θ as a MathNet vector over <see cref="P"/>.</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> Vp { get; }

    /// <summary>Gets g as a MathNet vector over <see cref="G"/>.</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> Vg { get; }

    /// <summary>Gets a MathNet vector over <see cref="S0"/>.</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> Vs0 => State(0);

    /// <summary>Gets a MathNet vector over <see cref="S1"/>.</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> Vs1 => State(1);

    /// <summary>Gets a MathNet vector over <see cref="S2"/>.</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> Vs2 => State(2);

    /// <summary>Gets a scratch vector of the same length, for MathNet's temporaries.</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> Temp { get; }

    /// <summary>Gets a second scratch vector.</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> Temp2 { get; }

    /// <summary>Gets a third scratch vector (the 8-bit rows decode two moments and still need a temporary).</summary>
    public MathNet.Numerics.LinearAlgebra.Vector<T> Temp3 { get; }

    /// <summary>Gets the 1-based number of the update the delegate is running (the benchmark increments it before each call).</summary>
    public long Step { get; internal set; }

    /// <summary>
    /// Gets or sets a scalar a row carries from one step to the next (e.g. NAdam's product of the
    /// momentum coefficients); 0 before the first step, private to each benchmark case.
    /// </summary>
    public double Carry { get; set; }

    private static MathNet.Numerics.LinearAlgebra.Vector<T> Wrap(T[] values) => MathNet.Numerics.LinearAlgebra.Vector<T>.Build.Dense(values);

    private MathNet.Numerics.LinearAlgebra.Vector<T> State(int index) => index < _stateVectors.Length && _stateVectors[index] is { } vector
        ? vector
        : throw new InvalidOperationException($"The row declares no state buffer {index}.");
}
