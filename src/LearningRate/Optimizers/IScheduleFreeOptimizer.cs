namespace LearningRate.Optimizers;

/// <summary>
/// A schedule-free optimizer whatever its element type: the switch of the parameter memory between the training
/// parameters y and the evaluation parameters x (upstream's <c>optimizer.train()</c> and <c>optimizer.eval()</c>), for a
/// training loop that holds an <see cref="IOptimizer"/>:
/// <code>
/// (optimizer as IScheduleFreeOptimizer)?.Eval();    // before measuring validation loss or saving the model
/// (optimizer as IScheduleFreeOptimizer)?.Train();   // before the next Step()
/// </code>
/// </summary>
public interface IScheduleFreeOptimizer : IOptimizer
{
    /// <summary>Gets a value indicating whether the parameter memory holds the evaluation parameters x; <see cref="IOptimizer.Step"/> then throws.</summary>
    bool IsInEvaluationMode { get; }

    /// <summary>Writes the evaluation parameters x into the parameter memory (upstream <c>optimizer.eval()</c>); does nothing in evaluation mode.</summary>
    void Eval();

    /// <summary>Writes the training parameters y back into the parameter memory (upstream <c>optimizer.train()</c>); does nothing in training mode.</summary>
    void Train();
}
