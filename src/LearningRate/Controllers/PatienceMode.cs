namespace LearningRate.Controllers;

/// <summary>
/// When <see cref="ReduceOnPlateau"/> counts its patience as run out; the frameworks disagree by one
/// (pytorch/pytorch#11305).
/// </summary>
public enum PatienceMode
{
    /// <summary>
    /// PyTorch, the default: reduce when the count of consecutive bad reports exceeds
    /// <see cref="ReduceOnPlateauOptions.Patience"/>, that is on bad report <c>patience + 1</c>.
    /// </summary>
    ExceedPatience = 0,

    /// <summary>
    /// Keras and Optax counting: reduce when the count reaches <see cref="ReduceOnPlateauOptions.Patience"/>
    /// (at least one bad report), that is on bad report <c>max(patience, 1)</c>. Cooldown keeps
    /// PyTorch's rule, so this is not a full emulation of the Keras callback.
    /// </summary>
    ReachPatience = 1,
}
