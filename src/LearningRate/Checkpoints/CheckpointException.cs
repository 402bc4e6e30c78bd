namespace LearningRate.Checkpoints;

/// <summary>
/// A checkpoint could not be loaded. Thrown before anything is changed: the optimizer (and every
/// controller passed with it) is exactly as it was before the call. It is an <see cref="IOException"/>, so a
/// loop that falls back to a fresh start on an unreadable file catches damaged and mismatched checkpoints too.
/// </summary>
public sealed class CheckpointException : IOException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public CheckpointException()
        : this(CheckpointError.Malformed, "The checkpoint could not be read.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public CheckpointException(string message)
        : this(CheckpointError.Malformed, message)
    {
    }

    /// <summary>Initializes a new instance with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointException(string message, Exception innerException)
        : base(message, innerException) => Error = CheckpointError.Malformed;

    /// <summary>Initializes a new instance naming the problem.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="message">The message, which names the field or parameter concerned.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CheckpointException(CheckpointError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>Gets what is wrong with the checkpoint.</summary>
    public CheckpointError Error { get; }
}
