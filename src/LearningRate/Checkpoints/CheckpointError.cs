namespace LearningRate.Checkpoints;

/// <summary>Why a checkpoint could not be loaded; <see cref="CheckpointException.Error"/> carries it.</summary>
public enum CheckpointError
{
    /// <summary>The stream does not start with the checkpoint magic bytes <c>LRCP</c>: it is not a checkpoint.</summary>
    BadMagic,

    /// <summary>The format version is newer (or older) than this library reads.</summary>
    UnsupportedVersion,

    /// <summary>The stream ends before the length the header declares, or before the checksum.</summary>
    Truncated,

    /// <summary>The checksum does not match the content: the file is damaged.</summary>
    ChecksumMismatch,

    /// <summary>The content passed its checksum but does not follow the format (a field out of range or cut short).</summary>
    Malformed,

    /// <summary>The checkpoint holds the state of another kind of optimizer (Adam vs SGD, say) or another options type.</summary>
    KindMismatch,

    /// <summary>The checkpoint's element type (float or double) differs from the optimizer's.</summary>
    ElementTypeMismatch,

    /// <summary>The checkpoint has a different number of parameter groups, or a parameter sits in another group.</summary>
    GroupMismatch,

    /// <summary>A registered parameter has no entry in the checkpoint (strict loading only).</summary>
    ParameterMissing,

    /// <summary>The checkpoint has a parameter that is not registered (strict loading only).</summary>
    ParameterUnexpected,

    /// <summary>A parameter has another length in the checkpoint than the registered one.</summary>
    LengthMismatch,

    /// <summary>The saved hyper-parameters are invalid, or do not match the options type's properties.</summary>
    InvalidOptions,

    /// <summary>A section that the load asked for (one written by a later version of this library, say) is absent, or one is present that nothing reads.</summary>
    SectionMismatch,

    /// <summary>
    /// A group's bound schedule (or momentum schedule) differs from the saved one: another type, other values,
    /// or saved with one that is not bound here. Schedules are not restored; bind the same one before loading.
    /// </summary>
    ScheduleMismatch,

    /// <summary>
    /// A group's controllers differ from the saved ones (count, kind or order), or a saved controller state
    /// does not fit the attached controller's options.
    /// </summary>
    ControllerMismatch,
}
