namespace LearningRate.Optimizers;

/// <summary>
/// A gradient held NaN or ±∞ where the configured policy forbids it. Thrown before anything is
/// written: parameters, state and step counts are as they were before the call.
/// </summary>
public sealed class NonFiniteGradientException : ArithmeticException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public NonFiniteGradientException()
        : base("A gradient holds NaN or infinity.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public NonFiniteGradientException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NonFiniteGradientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance naming the parameter whose gradient is not finite.</summary>
    /// <param name="message">The message.</param>
    /// <param name="parameterName">The parameter's registered name, or null when the whole gradient norm is meant.</param>
    public NonFiniteGradientException(string message, string? parameterName)
        : base(message) => ParameterName = parameterName;

    /// <summary>Gets the registered name of the first parameter whose gradient holds NaN or ±∞; null when not known.</summary>
    public string? ParameterName { get; }
}
