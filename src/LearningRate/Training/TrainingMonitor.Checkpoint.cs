using LearningRate.Checkpoints;

namespace LearningRate.Training;

/// <summary>
/// The checkpoint section of a monitor: its options (checked, not restored), every step and epoch record, the
/// smoothing and best-loss state, the diagnoses and which issues are active. Events, watched optimizers and fed
/// controllers are wiring, not state: attach them again to the monitor that is loaded into.
/// </summary>
public sealed partial class TrainingMonitor : ICheckpointState
{
    void ICheckpointState.WriteState(CheckpointWriter writer)
    {
        WriteOptions(writer, Options);
        writer.WriteDouble(_average);
        writer.WriteDouble(_weight);
        writer.WriteDouble(_lastSmoothed);
        writer.WriteDouble(_bestSmoothed);
        writer.WriteInt64(_bestSmoothedStep);
        writer.WriteDouble(_bestEpochLoss);
        writer.WriteInt32(_bestEpoch);
        writer.WriteInt32(_steps.Count);
        foreach (var s in _steps)
        {
            writer.WriteDouble(s.Loss);
            writer.WriteDouble(s.SmoothedLoss);
            writer.WriteDouble(s.LearningRate);
            writer.WriteInt64(s.StepTime.Ticks);
        }

        writer.WriteInt32(_epochs.Count);
        foreach (var e in _epochs)
        {
            writer.WriteInt64(e.Step);
            writer.WriteDouble(e.TrainingLoss);
            writer.WriteDouble(e.ValidationLoss);
            writer.WriteDouble(e.LearningRate);
            writer.WriteDouble(e.ValidationMetric);
        }

        writer.WriteInt32(_diagnoses.Count);
        foreach (var d in _diagnoses)
        {
            writer.WriteInt32((int)d.Issue);
            writer.WriteInt64(d.Step);
            writer.WriteInt32(d.Epoch);
            writer.WriteString(d.Message);
            writer.WriteString(d.Advice);
        }

        writer.WriteInt32(_active.Count);
        foreach (var (issue, source) in _active.OrderBy(a => a.Issue).ThenBy(a => a.Source))
        {
            writer.WriteInt32((int)issue);
            writer.WriteInt32((int)source);
        }
    }

    Action<CheckpointSource> ICheckpointState.PrepareState(CheckpointReader reader)
    {
        var scratch = new CheckpointWriter();
        WriteOptions(scratch, Options);
        var expected = scratch.Written.ToArray();
        var saved = reader.ReadElements<byte>(expected.Length, "the monitor's options");
        if (!saved.AsSpan().SequenceEqual(expected))
        {
            // The options are fixed at construction: the monitor to restore into is built with the saved ones.
            throw new CheckpointException(CheckpointError.InvalidOptions, "The monitor was saved with other TrainingMonitorOptions than this one has.");
        }

        var average = reader.ReadDouble("the monitor's running average");
        var weight = reader.ReadDouble("the monitor's bias-correction weight");
        var lastSmoothed = reader.ReadDouble("the monitor's last smoothed loss");
        var bestSmoothed = reader.ReadDouble("the monitor's best smoothed loss");
        var bestSmoothedStep = reader.ReadInt64("the step of the best smoothed loss");
        var bestEpochLoss = reader.ReadDouble("the monitor's best epoch loss");
        var bestEpoch = reader.ReadInt32("the epoch of the best epoch loss");

        var steps = new TrainingStepRecord[reader.ReadCount("the monitor's step count", 32)];
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] = new TrainingStepRecord(i, reader.ReadDouble("a step's loss"), reader.ReadDouble("a step's smoothed loss"), reader.ReadDouble("a step's learning rate"), TimeSpan.FromTicks(reader.ReadInt64("a step's time")));
        }

        var epochs = new TrainingEpochRecord[reader.ReadCount("the monitor's epoch count", 40)];
        for (var i = 0; i < epochs.Length; i++)
        {
            epochs[i] = new TrainingEpochRecord(i, reader.ReadInt64("an epoch's step"), reader.ReadDouble("an epoch's training loss"), reader.ReadDouble("an epoch's validation loss"), reader.ReadDouble("an epoch's learning rate"), reader.ReadDouble("an epoch's validation metric"));
            if (epochs[i].Step < 0 || epochs[i].Step > steps.Length || (i > 0 && epochs[i].Step < epochs[i - 1].Step))
            {
                throw CheckpointReader.Malformed($"Epoch {i} of the monitor ends at step {epochs[i].Step}, outside the {steps.Length} recorded steps or before the previous epoch.");
            }
        }

        var diagnoses = new TrainingDiagnosis[reader.ReadCount("the monitor's diagnosis count", 24)];
        for (var i = 0; i < diagnoses.Length; i++)
        {
            diagnoses[i] = new TrainingDiagnosis(Issue(reader.ReadInt32("a diagnosis' issue")), reader.ReadInt64("a diagnosis' step"), reader.ReadInt32("a diagnosis' epoch"), reader.ReadString("a diagnosis' message"), reader.ReadString("a diagnosis' advice"));
        }

        var active = new (TrainingIssue Issue, Source Source)[reader.ReadCount("the monitor's active issue count", 8)];
        for (var i = 0; i < active.Length; i++)
        {
            var issue = Issue(reader.ReadInt32("an active issue"));
            var source = reader.ReadInt32("an active issue's source");
            if (!Enum.IsDefined((Source)source))
            {
                throw CheckpointReader.Malformed($"An active issue has source {source}, which this library does not define.");
            }

            active[i] = (issue, (Source)source);
        }

        if (bestSmoothedStep < 0 || bestSmoothedStep > steps.Length || bestEpoch < 0 || bestEpoch > epochs.Length || !(weight is >= 0 and <= 1))
        {
            throw CheckpointReader.Malformed($"The monitor's best step {bestSmoothedStep}, best epoch {bestEpoch} or weight {weight} is out of range.");
        }

        return _ =>
        {
            _average = average;
            _weight = weight;
            _lastSmoothed = lastSmoothed;
            _bestSmoothed = bestSmoothed;
            _bestSmoothedStep = bestSmoothedStep;
            _bestEpochLoss = bestEpochLoss;
            _bestEpoch = bestEpoch;
            _steps.Clear();
            _steps.AddRange(steps);
            _epochs.Clear();
            _epochs.AddRange(epochs);
            _diagnoses.Clear();
            _diagnoses.AddRange(diagnoses);
            _active.Clear();
            _active.UnionWith(active);

            // Wall time does not carry over: the first step after the restore measures from itself.
            _lastTimestamp = 0;
        };
    }

    private static TrainingIssue Issue(int value) =>
        Enum.IsDefined((TrainingIssue)value) ? (TrainingIssue)value : throw CheckpointReader.Malformed($"A diagnosis has issue {value}, which this library does not define.");

    private static void WriteOptions(CheckpointWriter writer, TrainingMonitorOptions options)
    {
        writer.WriteDouble(options.Smoothing);
        writer.WriteDouble(options.DivergenceFactor);
        writer.WriteInt32(options.DivergenceWarmup);
        writer.WriteDouble(options.PlateauThreshold);
        writer.WriteInt32(options.StepPlateauPatience);
        writer.WriteInt32(options.EpochPlateauPatience);
        writer.WriteInt32(options.OscillationWindow);
        writer.WriteDouble(options.OscillationAlternation);
        writer.WriteDouble(options.OscillationAmplitude);
        writer.WriteInt32(options.OverfittingPatience);
        writer.WriteInt32(options.ClassCount);
        writer.WriteDouble(options.ChanceLevelTolerance);
    }
}
