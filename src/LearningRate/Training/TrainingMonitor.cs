using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using LearningRate.Checkpoints;
using LearningRate.Controllers;
using LearningRate.Internal;
using LearningRate.Optimizers;

namespace LearningRate.Training;

/// <summary>
/// Watches a training run: records the loss and learning rate of every step and the training and
/// validation losses of every epoch, keeps smoothed curves, detects plateaus, divergence, oscillation
/// and overfitting (each with advice), exports CSV and SVG, and publishes its figures through
/// <see cref="System.Diagnostics.Metrics"/> under the meter <see cref="MeterName"/>.
/// </summary>
/// <remarks>
/// <para>Detections, each reported once when it starts (again only after it has cleared):</para>
/// <list type="bullet">
/// <item><b>Divergence</b>: a NaN or infinite loss (at once; it is kept out of the smoothed loss, so the other
/// detections go on), or, after
/// <see cref="TrainingMonitorOptions.DivergenceWarmup"/> steps, a smoothed step loss above
/// <see cref="TrainingMonitorOptions.DivergenceFactor"/> times its best. Lower the learning rate.</item>
/// <item><b>Oscillation</b>: in the last <see cref="TrainingMonitorOptions.OscillationWindow"/> step losses, successive
/// differences change sign at least <see cref="TrainingMonitorOptions.OscillationAlternation"/> of the time and their mean
/// size is at least <see cref="TrainingMonitorOptions.OscillationAmplitude"/> of the mean loss. Lower the learning rate.</item>
/// <item><b>Plateau</b>: no relative improvement of <see cref="TrainingMonitorOptions.PlateauThreshold"/> of the smoothed
/// step loss in <see cref="TrainingMonitorOptions.StepPlateauPatience"/> steps, or of the monitored epoch loss in
/// <see cref="TrainingMonitorOptions.EpochPlateauPatience"/> epochs. Slow learning: raise the rate (early) or decay it (late);
/// but a plateau at the chance-level loss ln k of k classes (<see cref="TrainingMonitorOptions.ClassCount"/>) is a model that
/// learned nothing from its inputs: standardize the features, check the data and the initialization.</item>
/// <item><b>Overfitting</b>: in each of the last <see cref="TrainingMonitorOptions.OverfittingPatience"/> epochs the
/// validation loss rose and the training loss fell, the validation loss by more than
/// <see cref="TrainingMonitorOptions.PlateauThreshold"/> of its level in all, from a validation loss already above the
/// training loss (a widening generalization gap). Regularize, reduce the rate.</item>
/// <item><b>Non-finite gradient</b>: an optimizer given to <see cref="Watch"/> skipped a step because a gradient held
/// NaN or ±∞ (cleared by the next step recorded after an applied one).</item>
/// </list>
/// <para>
/// Metrics (instrument names as dotnet-counters and OpenTelemetry show them): <c>learningrate.learning_rate</c>
/// (gauge), <c>learningrate.loss</c> (gauge; tag <c>split</c> = train, train_smoothed, epoch_train or validation),
/// <c>learningrate.step_time</c> (histogram, ms) and <c>learningrate.steps</c> (counter). Watch them live with
/// <c>dotnet-counters monitor -n YourApp --counters LearningRate.Training</c>.
/// </para>
/// <para>To drive a plateau controller, call <see cref="FeedPlateauController"/> (or subscribe to <see cref="EpochRecorded"/> and report <see cref="TrainingEpochRecord.MonitoredLoss"/> yourself).</para>
/// </remarks>
public sealed partial class TrainingMonitor : IDisposable, ICheckpointable
{
    /// <summary>The name of the <see cref="Meter"/> the monitor publishes to.</summary>
    public const string MeterName = "LearningRate.Training";

    private static readonly KeyValuePair<string, object?> s_train = new("split", "train");
    private static readonly KeyValuePair<string, object?> s_trainSmoothed = new("split", "train_smoothed");
    private static readonly KeyValuePair<string, object?> s_epochTrain = new("split", "epoch_train");
    private static readonly KeyValuePair<string, object?> s_validation = new("split", "validation");

    private readonly List<TrainingStepRecord> _steps = [];
    private readonly List<TrainingEpochRecord> _epochs = [];
    private readonly List<TrainingDiagnosis> _diagnoses = [];
    private readonly HashSet<(TrainingIssue Issue, Source Source)> _active = [];
    private readonly List<ReduceOnPlateau> _fed = [];
    private readonly List<IOptimizer> _watched = [];
    private readonly Meter _meter;
    private readonly Gauge<double> _learningRateGauge;
    private readonly Gauge<double> _lossGauge;
    private readonly Histogram<double> _stepTime;
    private readonly Counter<long> _stepCounter;
    private double _average;
    private double _weight = 1;
    private double _lastSmoothed = double.NaN;
    private double _bestSmoothed = double.PositiveInfinity;
    private long _bestSmoothedStep;
    private double _bestEpochLoss = double.PositiveInfinity;
    private int _bestEpoch;
    private long _lastTimestamp;

    /// <summary>Initializes a monitor.</summary>
    /// <param name="options">Detection thresholds; null for the defaults.</param>
    public TrainingMonitor(TrainingMonitorOptions? options = null)
    {
        Options = options ?? new TrainingMonitorOptions();
        _meter = new Meter(MeterName);
        _learningRateGauge = _meter.CreateGauge<double>("learningrate.learning_rate", description: "The learning rate of the latest step or epoch.");
        _lossGauge = _meter.CreateGauge<double>("learningrate.loss", description: "The latest loss; the split tag tells which.");
        _stepTime = _meter.CreateHistogram<double>("learningrate.step_time", unit: "ms", description: "Wall time of one training step.");
        _stepCounter = _meter.CreateCounter<long>("learningrate.steps", description: "Training steps recorded.");
    }

    /// <summary>Raised after each <see cref="RecordEpoch"/>; feed <see cref="TrainingEpochRecord.MonitoredLoss"/> to a plateau controller here.</summary>
    public event EventHandler<TrainingEpochRecord>? EpochRecorded;

    /// <summary>Raised when a problem is first detected.</summary>
    public event EventHandler<TrainingDiagnosis>? IssueDetected;

    /// <summary>Gets the detection thresholds.</summary>
    public TrainingMonitorOptions Options { get; }

    /// <summary>Gets the recorded steps.</summary>
    public IReadOnlyList<TrainingStepRecord> Steps => _steps;

    /// <summary>Gets the recorded epochs.</summary>
    public IReadOnlyList<TrainingEpochRecord> Epochs => _epochs;

    /// <summary>Gets every problem detected so far, in order.</summary>
    public IReadOnlyList<TrainingDiagnosis> Diagnoses => _diagnoses;

    /// <summary>Gets the problems that are present now (detected and not cleared since).</summary>
    public IReadOnlyCollection<TrainingIssue> ActiveIssues => [.. _active.Select(a => a.Issue).Distinct()];

    /// <summary>Records one optimizer step.</summary>
    /// <param name="loss">The mini-batch loss (NaN or infinity is recorded and flagged as divergence, and left out of the smoothed loss).</param>
    /// <param name="learningRate">The learning rate of the step, finite and non-negative.</param>
    /// <param name="stepTime">The step's wall time; null measures the time since the previous call (unknown for the first).</param>
    /// <returns>The record, with the smoothed loss (for a NaN or infinite loss, the previous smoothed loss).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite, or <paramref name="stepTime"/> is negative.</exception>
    public TrainingStepRecord RecordStep(double loss, double learningRate, TimeSpan? stepTime = null)
    {
        Guard.NonNegative(learningRate, nameof(learningRate));
        if (stepTime < TimeSpan.Zero)
        {
            Guard.ThrowOutOfRange(nameof(stepTime), stepTime.Value.TotalMilliseconds, "must be >= 0");
        }

        var now = Stopwatch.GetTimestamp();
        var elapsed = stepTime ?? (_lastTimestamp == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_lastTimestamp, now));
        _lastTimestamp = now;

        var smoothed = Smooth(loss);
        var record = new TrainingStepRecord(_steps.Count, loss, smoothed, learningRate, elapsed);
        _steps.Add(record);

        if (_watched.Count > 0 && _watched.TrueForAll(optimizer => optimizer.ConsecutiveSkips == 0))
        {
            Clear(TrainingIssue.NonFiniteGradient, Source.Optimizer);
        }

        _stepCounter.Add(1);
        _learningRateGauge.Record(learningRate);
        _lossGauge.Record(loss, s_train);
        _lossGauge.Record(smoothed, s_trainSmoothed);
        if (elapsed > TimeSpan.Zero)
        {
            _stepTime.Record(elapsed.TotalMilliseconds);
        }

        DiagnoseStep(record);
        return record;
    }

    /// <summary>Records the end of an epoch.</summary>
    /// <param name="trainingLoss">The epoch's training loss.</param>
    /// <param name="validationLoss">The epoch's validation loss; NaN (the default) when not measured.</param>
    /// <param name="details">
    /// The optional values, each by name: <c>new() { ValidationMetric = accuracy }</c>, or an explicit
    /// <see cref="TrainingEpochDetails.LearningRate"/>; null records no metric and the last step's learning rate.
    /// </param>
    /// <returns>The record.</returns>
    public TrainingEpochRecord RecordEpoch(double trainingLoss, double validationLoss = double.NaN, TrainingEpochDetails? details = null)
    {
        var learningRate = details?.LearningRate ?? (_steps.Count > 0 ? _steps[^1].LearningRate : double.NaN);
        var validationMetric = details?.ValidationMetric ?? double.NaN;
        var record = new TrainingEpochRecord(_epochs.Count, _steps.Count, trainingLoss, validationLoss, learningRate, validationMetric);
        _epochs.Add(record);
        _lossGauge.Record(trainingLoss, s_epochTrain);
        if (!double.IsNaN(validationLoss))
        {
            _lossGauge.Record(validationLoss, s_validation);
        }

        if (!double.IsNaN(learningRate))
        {
            _learningRateGauge.Record(learningRate);
        }

        DiagnoseEpoch(record);
        EpochRecorded?.Invoke(this, record);
        return record;
    }

    /// <summary>
    /// Reports every future epoch's <see cref="TrainingEpochRecord.MonitoredLoss"/> (validation loss, else
    /// training loss) to <paramref name="controller"/>, so that the plateau the monitor sees also cuts the
    /// learning rate of the groups the controller is attached to. The monitor is then the controller's only
    /// source of reports: <see cref="ReduceOnPlateau.Report"/> by hand throws, as it would count each epoch
    /// twice, until the monitor is disposed.
    /// </summary>
    /// <param name="controller">The controller to feed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="controller"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A monitor, this one or another, already feeds <paramref name="controller"/>.</exception>
    public void FeedPlateauController(ReduceOnPlateau controller)
    {
        ArgumentNullException.ThrowIfNull(controller);
        controller.AttachFeeder(this);
        _fed.Add(controller);
        EpochRecorded += (_, epoch) => controller.ReportCore(epoch.MonitoredLoss);
    }

    /// <summary>
    /// Reports every step <paramref name="optimizer"/> skips under the default <see cref="NonFinitePolicy.Skip"/>
    /// (a gradient held NaN or ±∞; PyTorch would have applied the step) as <see cref="TrainingIssue.NonFiniteGradient"/>,
    /// through <see cref="IOptimizer.StepSkipped"/>, until the monitor is disposed.
    /// </summary>
    /// <param name="optimizer">The optimizer to watch.</param>
    /// <exception cref="ArgumentNullException"><paramref name="optimizer"/> is null.</exception>
    public void Watch(IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        optimizer.StepSkipped += OnStepSkipped;
        _watched.Add(optimizer);
    }

    /// <summary>Writes the steps as CSV: <c>step,loss,smoothed_loss,learning_rate,step_time_ms</c>, invariant culture.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteStepsCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("step,loss,smoothed_loss,learning_rate,step_time_ms");
        foreach (var s in _steps)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Step},{s.Loss:R},{s.SmoothedLoss:R},{s.LearningRate:R},{s.StepTime.TotalMilliseconds:R}"));
        }
    }

    /// <summary>Writes the epochs as CSV: <c>epoch,step,training_loss,validation_loss,validation_metric,learning_rate</c> (NaN where not measured).</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteEpochsCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("epoch,step,training_loss,validation_loss,validation_metric,learning_rate");
        foreach (var e in _epochs)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Epoch},{e.Step},{e.TrainingLoss:R},{e.ValidationLoss:R},{e.ValidationMetric:R},{e.LearningRate:R}"));
        }
    }

    /// <summary>
    /// Draws the learning curves as SVG: step loss (raw and smoothed) and the epoch training and validation
    /// losses, against the step, with a dotted line at each diagnosis. The legend sits below the plot; a long
    /// title wraps, and the canvas grows past the requested height only if the plot would be left under 60 px.
    /// </summary>
    /// <param name="width">The width in pixels, at least 200.</param>
    /// <param name="height">The height in pixels, at least 150.</param>
    /// <param name="title">The chart's title, "Learning curves" by default; name the run when a page shows several.</param>
    /// <returns>The SVG text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is too small.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="title"/> is null.</exception>
    public string ToLossSvg(int width = 720, int height = 420, string title = "Learning curves")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);
        ArgumentNullException.ThrowIfNull(title);
        var chart = new SvgChart(title, "step", "loss", logX: false);
        var stepAxis = _steps.Select(s => (double)s.Step).ToArray();
        chart.AddSeries("step loss", stepAxis, _steps.Select(s => s.Loss).ToArray(), "#b0c4de", 1);
        chart.AddSeries("smoothed", stepAxis, _steps.Select(s => s.SmoothedLoss).ToArray(), "#1f77b4", 2);
        var epochAxis = _epochs.Select(e => (double)e.Step).ToArray();
        chart.AddSeries("epoch train", epochAxis, _epochs.Select(e => e.TrainingLoss).ToArray(), "#2ca02c", 2);
        chart.AddSeries("validation", epochAxis, _epochs.Select(e => e.ValidationLoss).ToArray(), "#d62728", 2);
        var finite = _steps.Select(s => s.SmoothedLoss).Concat(_epochs.Select(e => e.TrainingLoss)).Where(double.IsFinite).ToList();
        if (finite.Count > 0)
        {
            chart.YMax = 1.5 * finite.Max();
        }

        foreach (var d in _diagnoses)
        {
            chart.AddMarker(d.Step, d.Issue.ToString(), "#9467bd");
        }

        return chart.Render(width, height);
    }

    /// <summary>Draws the learning rate of every step as SVG (legend below the plot, as in <see cref="ToLossSvg"/>).</summary>
    /// <param name="width">The width in pixels, at least 200.</param>
    /// <param name="height">The height in pixels, at least 150.</param>
    /// <param name="title">The chart's title, "Learning rate" by default.</param>
    /// <returns>The SVG text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size is too small.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="title"/> is null.</exception>
    public string ToLearningRateSvg(int width = 720, int height = 300, string title = "Learning rate")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 200);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 150);
        ArgumentNullException.ThrowIfNull(title);
        var chart = new SvgChart(title, "step", "learning rate", logX: false);
        chart.AddSeries("learning rate", _steps.Select(s => (double)s.Step).ToArray(), _steps.Select(s => s.LearningRate).ToArray(), "#ff7f0e", 2);
        return chart.Render(width, height);
    }

    /// <summary>Releases the meter, and the plateau controllers the monitor feeds (they accept reports by hand again).</summary>
    public void Dispose()
    {
        foreach (var controller in _fed)
        {
            controller.DetachFeeder(this);
        }

        foreach (var optimizer in _watched)
        {
            optimizer.StepSkipped -= OnStepSkipped;
        }

        _fed.Clear();
        _watched.Clear();
        _meter.Dispose();
    }

    /// <summary>
    /// Adds a finite loss to the debiased average and returns the average; a NaN or infinite loss is left out (it
    /// would make every later value NaN or infinite and silence the plateau and divergence tests) and gets the
    /// previous smoothed value, or itself when no finite loss came before.
    /// </summary>
    private double Smooth(double loss)
    {
        if (!double.IsFinite(loss))
        {
            return double.IsNaN(_lastSmoothed) ? loss : _lastSmoothed;
        }

        var beta = Options.Smoothing;
        _average = (beta * _average) + ((1 - beta) * loss);
        _weight *= beta;
        _lastSmoothed = beta == 0 ? loss : _average / (1 - _weight);
        return _lastSmoothed;
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private void DiagnoseStep(TrainingStepRecord record)
    {
        var step = record.Step;
        if (!double.IsFinite(record.Loss))
        {
            Report(TrainingIssue.Divergence, Source.Step, $"The loss at step {step} is {Format(record.Loss)}.", DivergenceAdvice);
        }
        else if (step >= Options.DivergenceWarmup && record.SmoothedLoss > _bestSmoothed + ((Options.DivergenceFactor - 1) * Math.Abs(_bestSmoothed)))
        {
            Report(
                TrainingIssue.Divergence,
                Source.Step,
                $"The smoothed loss {Format(record.SmoothedLoss)} at step {step} is above {Format(Options.DivergenceFactor)}× its best, {Format(_bestSmoothed)} (step {_bestSmoothedStep}).",
                DivergenceAdvice);
        }
        else
        {
            Clear(TrainingIssue.Divergence, Source.Step);
        }

        if (double.IsFinite(record.SmoothedLoss) && Improves(record.SmoothedLoss, _bestSmoothed))
        {
            _bestSmoothed = record.SmoothedLoss;
            _bestSmoothedStep = step;
        }

        if (Options.StepPlateauPatience > 0 && step - _bestSmoothedStep >= Options.StepPlateauPatience && double.IsFinite(record.SmoothedLoss))
        {
            Report(
                TrainingIssue.Plateau,
                Source.Step,
                $"The smoothed loss has not improved by {Format(Options.PlateauThreshold * 100)}% in {step - _bestSmoothedStep} steps (best {Format(_bestSmoothed)} at step {_bestSmoothedStep}){ChanceLevelNote(_bestSmoothed)}.",
                PlateauAdviceFor(_bestSmoothed));
        }
        else
        {
            Clear(TrainingIssue.Plateau, Source.Step);
        }

        if (Options.OscillationWindow > 0 && _steps.Count >= Options.OscillationWindow && Oscillates(out var alternation, out var amplitude))
        {
            Report(
                TrainingIssue.Oscillation,
                Source.Step,
                $"Over the last {Options.OscillationWindow} steps the loss changed direction {Format(alternation * 100)}% of the time, by {Format(amplitude * 100)}% of its level on average.",
                "Lower the learning rate (×0.3 to ×0.5) or raise the batch size; with momentum, a little less momentum also damps it.");
        }
        else
        {
            Clear(TrainingIssue.Oscillation, Source.Step);
        }
    }

    private bool Oscillates(out double alternation, out double amplitude)
    {
        var window = Options.OscillationWindow;
        var start = _steps.Count - window;
        double level = 0, change = 0;
        int flips = 0, pairs = 0;
        for (var i = start; i < _steps.Count; i++)
        {
            level += Math.Abs(_steps[i].Loss);
            if (i > start)
            {
                change += Math.Abs(_steps[i].Loss - _steps[i - 1].Loss);
            }

            if (i > start + 1)
            {
                var before = _steps[i - 1].Loss - _steps[i - 2].Loss;
                var after = _steps[i].Loss - _steps[i - 1].Loss;
                pairs++;
                flips += before * after < 0 ? 1 : 0;
            }
        }

        alternation = (double)flips / pairs;
        amplitude = level > 0 ? change / (window - 1) / (level / window) : 0;
        return double.IsFinite(level) && alternation >= Options.OscillationAlternation && amplitude >= Options.OscillationAmplitude;
    }

    private void DiagnoseEpoch(TrainingEpochRecord record)
    {
        var epoch = record.Epoch;
        var bad = !double.IsFinite(record.TrainingLoss) || double.IsInfinity(record.ValidationLoss);
        if (bad)
        {
            Report(TrainingIssue.Divergence, Source.Epoch, $"Epoch {epoch} ended with training loss {Format(record.TrainingLoss)} and validation loss {Format(record.ValidationLoss)}.", DivergenceAdvice);
        }
        else
        {
            Clear(TrainingIssue.Divergence, Source.Epoch);
        }

        var monitored = record.MonitoredLoss;
        if (double.IsFinite(monitored) && Improves(monitored, _bestEpochLoss))
        {
            _bestEpochLoss = monitored;
            _bestEpoch = epoch;
        }

        if (Options.EpochPlateauPatience > 0 && !bad && epoch - _bestEpoch >= Options.EpochPlateauPatience)
        {
            var which = double.IsNaN(record.ValidationLoss) ? "training" : "validation";
            Report(
                TrainingIssue.Plateau,
                Source.Epoch,
                $"The {which} loss has not improved by {Format(Options.PlateauThreshold * 100)}% in {epoch - _bestEpoch} epochs (best {Format(_bestEpochLoss)} at epoch {_bestEpoch}){ChanceLevelNote(_bestEpochLoss)}.",
                PlateauAdviceFor(_bestEpochLoss));
        }
        else
        {
            Clear(TrainingIssue.Plateau, Source.Epoch);
        }

        var k = Options.OverfittingPatience;
        var overfitting = false;
        if (k > 0 && _epochs.Count > k)
        {
            // Both trends must be steady: a training loss that bounces while the validation loss climbs is
            // instability (too high a rate), not memorization.
            // And the rise must be real: at least the relative threshold of progress, not rounding-level drift;
            // and the model must already fit the training set better than the validation set (a positive
            // generalization gap): a training loss above the validation loss is still learning, or unstable.
            var start = _epochs[^(k + 1)];
            overfitting = record.ValidationLoss - start.ValidationLoss > Options.PlateauThreshold * Math.Abs(start.ValidationLoss)
                && start.ValidationLoss > start.TrainingLoss;
            for (var i = _epochs.Count - k; i < _epochs.Count; i++)
            {
                overfitting &= _epochs[i].ValidationLoss > _epochs[i - 1].ValidationLoss && _epochs[i].TrainingLoss < _epochs[i - 1].TrainingLoss;
            }
        }

        if (overfitting)
        {
            var first = _epochs[^(k + 1)];
            Report(
                TrainingIssue.Overfitting,
                Source.Epoch,
                $"In the last {k} epochs the validation loss rose from {Format(first.ValidationLoss)} to {Format(record.ValidationLoss)} while the training loss fell from {Format(first.TrainingLoss)} to {Format(record.TrainingLoss)}.",
                $"Regularize (weight decay, dropout, more or augmented data), reduce the learning rate, and keep the weights of the best validation epoch ({_bestEpoch}): early stopping.");
        }
        else
        {
            Clear(TrainingIssue.Overfitting, Source.Epoch);
        }
    }

    private const string PlateauAdvice =
        "Slow learning: if the loss is still high, raise the learning rate (×3, or up to the range test's suggestion); " +
        "if it is already low late in training, decay it (×0.1, as ReduceOnPlateau does) to settle into the minimum.";

    private const string ChanceLevelAdvice =
        "Stuck at chance level: the model predicts the class frequencies and has learned nothing from the inputs, which a larger learning rate will not fix. " +
        "Standardize the features (Standardizer: zero mean, unit variance), check that the inputs reach the model and the labels match their rows, " +
        "and check the initialization (small random weights, not all zeros or all equal).";

    private const string DivergenceAdvice =
        "Lower the learning rate (×0.1), or add warmup; clip gradients; check the inputs for NaN and the loss for log(0); resume from the last good checkpoint.";

    /// <summary>Which stream a detection read: an issue seen on steps and on epochs is tracked separately, so one cannot clear the other.</summary>
    private enum Source
    {
        Step,
        Epoch,
        Optimizer,
    }

    private void OnStepSkipped(object? sender, StepReport report)
    {
        var step = (sender as IOptimizer)?.StepCount;
        Report(
            TrainingIssue.NonFiniteGradient,
            Source.Optimizer,
            $"The optimizer skipped step {step} because the gradient of '{report.NonFiniteParameter}' holds NaN or infinity (gradient norm {Format(report.GradientNorm)}); PyTorch would have applied it.",
            "Find the cause before the skips pile up: lower the learning rate or add warmup, clip gradients, check the inputs for NaN and the loss for log(0) or a division by zero. Set NonFiniteGradients = NonFinitePolicy.Throw to stop at the first one.");
    }

    /// <summary>Names the chance level a plateau sits at, if it does (the loss ≈ ln k of <see cref="TrainingMonitorOptions.ClassCount"/> k classes).</summary>
    private string ChanceLevelNote(double best) =>
        Options.ChanceLevelClasses(best) is var k and > 0 ? $", ≈ ln {k} = {Format(Math.Log(k))}, the chance-level loss of {k} classes" : string.Empty;

    private string PlateauAdviceFor(double best) => Options.ChanceLevelClasses(best) > 0 ? ChanceLevelAdvice : PlateauAdvice;

    /// <summary>Tells whether <paramref name="value"/> improves on <paramref name="best"/> by the relative threshold (anything improves on none).</summary>
    private bool Improves(double value, double best) =>
        double.IsPositiveInfinity(best) || value < best - (Options.PlateauThreshold * Math.Abs(best));

    private void Clear(TrainingIssue issue, Source source) => _active.Remove((issue, source));

    private void Report(TrainingIssue issue, Source source, string message, string advice)
    {
        if (_active.Add((issue, source)))
        {
            var diagnosis = new TrainingDiagnosis(issue, _steps.Count, _epochs.Count, message, advice);
            _diagnoses.Add(diagnosis);
            IssueDetected?.Invoke(this, diagnosis);
        }
    }
}
