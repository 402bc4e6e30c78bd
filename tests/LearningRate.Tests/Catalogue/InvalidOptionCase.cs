namespace LearningRate.Tests.Catalogue;

/// <summary>
/// An invalid configuration: <see cref="Construct"/> builds the options and the optimizer (float), which must throw
/// <see cref="Exception"/> naming <see cref="ParamName"/> with exactly <see cref="Message"/> (before the runtime's
/// " (Parameter '…')" suffix).
/// </summary>
public sealed record InvalidOptionCase(string ParamName, string Message, Type Exception, Action Construct)
{
    public override string ToString() => $"{ParamName}: {Message}";
}
