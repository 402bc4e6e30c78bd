namespace LearningRate.Optimizers.State;

/// <summary>
/// The element type of a state buffer. The numeric values are the element-type tags of checkpoint format 2
/// and never change; <see cref="Parameter"/> is a declaration-time choice, resolved to a concrete type
/// (the parameters' own) before anything is stored.
/// </summary>
internal enum StateElement : byte
{
    /// <summary>The parameters' element type: float state under float parameters, double under double.</summary>
    Parameter = 0,

    /// <summary>IEEE binary32.</summary>
    Float32 = 1,

    /// <summary>IEEE binary64.</summary>
    Float64 = 2,

    /// <summary>IEEE binary16.</summary>
    Float16 = 3,

    /// <summary>bfloat16: the upper half of a binary32.</summary>
    BFloat16 = 4,

    /// <summary>Unsigned bytes (quantized codes).</summary>
    Byte = 5,
}
