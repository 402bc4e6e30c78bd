using LearningRate.Checkpoints;

namespace LearningRate.Controllers;

/// <summary>
/// A controller of this library that saves its own state in a checkpoint: the one interface through which the
/// checkpoint code handles every controller, whatever it is.
/// </summary>
internal interface ICheckpointedController : ILearningRateController
{
    /// <summary>Gets the controller's stable checkpoint name (never a CLR type name).</summary>
    string Kind { get; }

    /// <summary>Writes the mutable state.</summary>
    void WriteState(CheckpointWriter writer);

    /// <summary>
    /// Reads and validates a saved state against this controller's options without changing anything, and returns
    /// the action that installs it. Throws <see cref="CheckpointException"/> on any problem.
    /// </summary>
    /// <param name="reader">The reader, at the state.</param>
    /// <param name="where">Names the controller in messages, as "controller 0 of group 1".</param>
    Action ReadState(ref CheckpointReader reader, string where);
}
