namespace LearningRate.Schedules;

/// <summary>
/// Presets that reproduce PyTorch's <c>torch.optim.lr_scheduler</c> classes step for step, with their names,
/// argument names and defaults, built from the <see cref="Schedule"/> catalogue. <c>At(t)</c> is the learning rate
/// PyTorch's group holds for the update of step t (read before that iteration's <c>scheduler.step()</c>), including
/// at milestones and past the horizon; the test suite checks every preset against a transcription of PyTorch's
/// recursive <c>get_lr</c> loop to 1e-12 relative (the chainable forms accumulate rounding, closed forms do not).
/// An argument exception names the preset's own parameter (<c>tMax</c>, <c>etaMin</c>, <c>baseLr</c>, ...).
/// </summary>
/// <remarks>
/// Where PyTorch's behaviour differs from this library's defaults, the preset picks PyTorch's:
/// <see cref="CosineAnnealingLR"/> continues the cosine past T_max (the rate rises again), where
/// <see cref="Schedule.Cosine"/> holds the minimum by default; <see cref="OneCycleLR"/> continues one step past the
/// end as PyTorch does (PyTorch raises on the step after; the preset keeps extrapolating); <see cref="SequentialLR"/>
/// starts each scheduler at its own step 0 at its milestone.
/// </remarks>
public static class PyTorchSchedules
{
    /// <summary><c>LambdaLR(lr_lambda)</c>: <c>η(t) = lr·λ(t)</c>.</summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="lrLambda">λ, a pure function of the step.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lrLambda"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    public static Schedule LambdaLR(double learningRate, Func<long, double> lrLambda)
    {
        ArgumentNullException.ThrowIfNull(lrLambda);
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        return Schedule.FromFunction(step => learningRate * lrLambda(step));
    }

    /// <summary>
    /// <c>MultiplicativeLR(lr_lambda)</c>: <c>η(0) = lr</c>, <c>η(t) = η(t − 1)·λ(t)</c>. It has no closed form, so
    /// <see cref="Schedule.At"/> costs O(t); prefer <see cref="Schedule.Exponential"/> for a constant factor.
    /// </summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="lrLambda">λ, a pure function of the step.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="lrLambda"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative or not finite.</exception>
    public static Schedule MultiplicativeLR(double learningRate, Func<long, double> lrLambda)
    {
        ArgumentNullException.ThrowIfNull(lrLambda);
        return new MultiplicativeSchedule(ScheduleArguments.NonNegative(learningRate, nameof(learningRate)), lrLambda);
    }

    /// <summary><c>StepLR(step_size, gamma=0.1)</c>: <see cref="Schedule.StepDecay"/>.</summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="stepSize">step_size.</param>
    /// <param name="gamma">gamma; default 0.1.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="Schedule.StepDecay"/>.</exception>
    public static Schedule StepLR(double learningRate, long stepSize, double gamma = 0.1) => Schedule.StepDecay(learningRate, stepSize, gamma);

    /// <summary><c>MultiStepLR(milestones, gamma=0.1)</c>: <see cref="Schedule.MultiStep"/>.</summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="milestones">milestones; a repeated one decays twice, as PyTorch's Counter does.</param>
    /// <param name="gamma">gamma; default 0.1.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="milestones"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="Schedule.MultiStep"/>.</exception>
    public static Schedule MultiStepLR(double learningRate, IEnumerable<long> milestones, double gamma = 0.1) => Schedule.MultiStep(learningRate, milestones, gamma);

    /// <summary>
    /// <c>ConstantLR(factor=1/3, total_iters=5)</c>: <c>lr·factor</c> for t &lt; total_iters, then lr. With
    /// total_iters = 0 PyTorch applies the factor at step 0 and never removes it; so does this preset.
    /// </summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="factor">factor in [0, 1]; default 1/3.</param>
    /// <param name="totalIters">total_iters; default 5.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (factor outside [0, 1], as PyTorch checks).</exception>
    public static Schedule ConstantLR(double learningRate, double factor = 1.0 / 3, long totalIters = 5)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        Internal.Guard.ClosedUnitInterval(factor, nameof(factor));
        ScheduleArguments.NonNegative(totalIters, nameof(totalIters));
        var reduced = Schedule.Constant(learningRate * factor);
        return totalIters == 0 ? reduced : reduced.Then(Schedule.Constant(learningRate), totalIters);
    }

    /// <summary>
    /// <c>LinearLR(start_factor=1/3, end_factor=1.0, total_iters=5)</c>: <see cref="Schedule.Linear"/> from
    /// lr·start_factor to lr·end_factor, held after total_iters (total_iters = 0: the start factor forever, as in PyTorch).
    /// </summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="startFactor">start_factor in (0, 1]; default 1/3.</param>
    /// <param name="endFactor">end_factor in [0, 1]; default 1.</param>
    /// <param name="totalIters">total_iters; default 5.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of PyTorch's ranges.</exception>
    public static Schedule LinearLR(double learningRate, double startFactor = 1.0 / 3, double endFactor = 1.0, long totalIters = 5)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        if (!(startFactor > 0 && startFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, $"startFactor must be in (0, 1]; got {startFactor}.");
        }

        Internal.Guard.ClosedUnitInterval(endFactor, nameof(endFactor));
        ScheduleArguments.NonNegative(totalIters, nameof(totalIters));
        return totalIters == 0
            ? Schedule.Constant(learningRate * startFactor)
            : Schedule.Linear(learningRate * startFactor, learningRate * endFactor, totalIters);
    }

    /// <summary><c>ExponentialLR(gamma)</c>: <c>lr·γ^t</c> (<see cref="Schedule.Exponential"/>).</summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="gamma">gamma (no default in PyTorch).</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="Schedule.Exponential"/>.</exception>
    public static Schedule ExponentialLR(double learningRate, double gamma) => Schedule.Exponential(learningRate, gamma);

    /// <summary>
    /// <c>PolynomialLR(total_iters=5, power=1.0)</c>: <c>lr·(1 − t/T)^power</c>, 0 from T on
    /// (<see cref="Schedule.Polynomial"/> with end 0; total_iters = 0 keeps lr, as PyTorch's recursion does).
    /// </summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="totalIters">total_iters; default 5.</param>
    /// <param name="power">power; default 1.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite.</exception>
    public static Schedule PolynomialLR(double learningRate, long totalIters = 5, double power = 1.0)
    {
        ScheduleArguments.NonNegative(totalIters, nameof(totalIters));
        return totalIters == 0
            ? Schedule.Constant(ScheduleArguments.NonNegative(learningRate, nameof(learningRate)))
            : Schedule.Polynomial(learningRate, totalIters, power);
    }

    /// <summary>
    /// <c>CosineAnnealingLR(T_max, eta_min=0)</c>: the cosine of <see cref="Schedule.Cosine"/> with
    /// <see cref="AfterEnd.Continue"/>: past T_max the rate rises again towards lr at 2·T_max, as PyTorch's does.
    /// </summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="tMax">T_max.</param>
    /// <param name="etaMin">eta_min; default 0.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> or <paramref name="etaMin"/> is negative or not finite, or <paramref name="tMax"/> &lt; 1.</exception>
    public static Schedule CosineAnnealingLR(double learningRate, long tMax, double etaMin = 0)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        ScheduleArguments.Positive(tMax, nameof(tMax));
        ScheduleArguments.NonNegative(etaMin, nameof(etaMin));
        return Schedule.Cosine(learningRate, tMax, etaMin, AfterEnd.Continue);
    }

    /// <summary><c>CosineAnnealingWarmRestarts(T_0, T_mult=1, eta_min=0)</c>: <see cref="Schedule.CosineWarmRestarts"/>.</summary>
    /// <param name="learningRate">The optimizer's initial lr.</param>
    /// <param name="t0">T_0.</param>
    /// <param name="tMult">T_mult, an integer ≥ 1; default 1.</param>
    /// <param name="etaMin">eta_min; default 0.</param>
    /// <returns>The schedule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> or <paramref name="etaMin"/> is negative or not finite, or <paramref name="t0"/> or <paramref name="tMult"/> &lt; 1.</exception>
    public static Schedule CosineAnnealingWarmRestarts(double learningRate, long t0, long tMult = 1, double etaMin = 0)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        ScheduleArguments.Positive(t0, nameof(t0));
        ScheduleArguments.Positive(tMult, nameof(tMult));
        ScheduleArguments.NonNegative(etaMin, nameof(etaMin));
        return Schedule.CosineWarmRestarts(learningRate, t0, tMult, etaMin);
    }

    /// <summary>
    /// <c>CyclicLR(base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular", gamma=1.0,
    /// base_momentum=0.8, max_momentum=0.9)</c>: <see cref="Schedule.Cyclic(double, double, long, long?, CyclicMode, double, double, double, bool)"/>.
    /// PyTorch sets the group lr to base_lr at construction, which is <c>At(0)</c>. With <c>cycle_momentum=True</c>
    /// (PyTorch's default) the schedule carries <see cref="Schedule.Momentum"/>, which binding it as a group's schedule
    /// binds too; for a custom scale_fn use <see cref="Schedule.CyclicCustom"/>.
    /// </summary>
    /// <param name="baseLr">base_lr.</param>
    /// <param name="maxLr">max_lr.</param>
    /// <param name="stepSizeUp">step_size_up; default 2000.</param>
    /// <param name="stepSizeDown">step_size_down; default step_size_up.</param>
    /// <param name="mode">mode; default triangular.</param>
    /// <param name="gamma">gamma; default 1.</param>
    /// <param name="baseMomentum">base_momentum; default 0.8.</param>
    /// <param name="maxMomentum">max_momentum; default 0.9.</param>
    /// <param name="cycleMomentum">cycle_momentum; default true. Binding the schedule to an optimizer without momentum or β1 (AdaGrad) throws unless it is false, as PyTorch raises.</param>
    /// <returns>The schedule, with its momentum companion when <paramref name="cycleMomentum"/> is true.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite, a step size &lt; 1, or <paramref name="mode"/> is undefined; the exception names this method's parameter.</exception>
    public static Schedule CyclicLR(double baseLr, double maxLr, long stepSizeUp = 2000, long? stepSizeDown = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0, double baseMomentum = 0.8, double maxMomentum = 0.9, bool cycleMomentum = true)
    {
        // The catalogue names these two baseLearningRate and maxLearningRate; the preset's caller knows them by these names.
        ScheduleArguments.NonNegative(baseLr, nameof(baseLr));
        ScheduleArguments.NonNegative(maxLr, nameof(maxLr));
        return Schedule.Cyclic(baseLr, maxLr, stepSizeUp, stepSizeDown, mode, gamma, baseMomentum, maxMomentum, cycleMomentum);
    }

    /// <summary>
    /// <c>OneCycleLR(max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", base_momentum=0.85, max_momentum=0.95,
    /// div_factor=25, final_div_factor=1e4, three_phase=False)</c>: <see cref="Schedule.OneCycle"/> continued past the
    /// end, so <c>At(total_steps)</c> is the value PyTorch gives after its last allowed <c>scheduler.step()</c>
    /// (PyTorch raises on the next call). With <c>cycle_momentum=True</c> (the default) the schedule carries
    /// <see cref="Schedule.Momentum"/>, which binding it as a group's schedule binds too.
    /// </summary>
    /// <param name="maxLr">max_lr.</param>
    /// <param name="totalSteps">total_steps (or epochs·steps_per_epoch).</param>
    /// <param name="pctStart">pct_start; default 0.3.</param>
    /// <param name="annealStrategy">anneal_strategy; default cosine.</param>
    /// <param name="baseMomentum">base_momentum; default 0.85.</param>
    /// <param name="maxMomentum">max_momentum; default 0.95.</param>
    /// <param name="divFactor">div_factor; default 25.</param>
    /// <param name="finalDivFactor">final_div_factor; default 1e4.</param>
    /// <param name="threePhase">three_phase; default false.</param>
    /// <param name="cycleMomentum">cycle_momentum; default true. Binding the schedule to an optimizer without momentum or β1 (AdaGrad) throws unless it is false, as PyTorch raises.</param>
    /// <returns>The schedule, with its momentum companion when <paramref name="cycleMomentum"/> is true.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of the ranges of <see cref="Schedule.OneCycle"/>, or <paramref name="annealStrategy"/> is not cosine or linear; the exception names this method's parameter.</exception>
    public static Schedule OneCycleLR(double maxLr, long totalSteps, double pctStart = 0.3, Annealing annealStrategy = Annealing.Cosine, double baseMomentum = 0.85, double maxMomentum = 0.95, double divFactor = 25.0, double finalDivFactor = 1e4, bool threePhase = false, bool cycleMomentum = true)
    {
        ScheduleArguments.NonNegative(maxLr, nameof(maxLr));
        if (annealStrategy is not (Annealing.Cosine or Annealing.Linear))
        {
            throw new ArgumentOutOfRangeException(nameof(annealStrategy), annealStrategy, "annealStrategy must be Cosine or Linear.");
        }

        return Schedule.OneCycle(maxLr, totalSteps, pctStart, annealStrategy, divFactor, finalDivFactor, threePhase, baseMomentum, maxMomentum, AfterEnd.Continue, cycleMomentum);
    }

    /// <summary>
    /// <c>torch.optim.swa_utils.SWALR(swa_lr, anneal_epochs=10, anneal_strategy="cos")</c>: <see cref="Schedule.SwaAnneal"/>,
    /// the anneal from the group's lr to swa_lr as PyTorch's recursive <c>get_lr</c> computes it when nothing else
    /// changes the lr meanwhile (within 1e-15 relative). Step 0 is the value after SWALR's constructor, step k the one
    /// after its k-th <c>step()</c>. In PyTorch's recipe another scheduler runs until <c>swa_start</c> and SWALR
    /// takes over from the lr it reached: <c>main.ThenSwaAnneal(at, swaLr, annealEpochs, annealStrategy)</c>
    /// (<see cref="Schedule.ThenSwaAnneal"/>), or <c>main.Then(SWALR(main.At(at), ...), at)</c>.
    /// </summary>
    /// <remarks>
    /// With <c>anneal_epochs=0</c> PyTorch's constructor already sets the group's lr to swa_lr; built at the start of a
    /// run, as in PyTorch's examples, that changes the lr a chainable scheduler (StepLR, CosineAnnealingLR, ...) then
    /// recurses from. This preset is the SWALR phase alone: swaLr from step 0.
    /// </remarks>
    /// <param name="learningRate">The group's lr when SWALR takes over, the value at step 0.</param>
    /// <param name="swaLr">swa_lr (one value; build one schedule per group for per-group values).</param>
    /// <param name="annealEpochs">anneal_epochs ≥ 0, counted in this schedule's steps; default 10.</param>
    /// <param name="annealStrategy">anneal_strategy: <see cref="Annealing.Cosine"/> ("cos", default) or <see cref="Annealing.Linear"/>.</param>
    /// <returns>The schedule; swaLr held from step annealEpochs on.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A rate is negative or not finite, <paramref name="annealEpochs"/> is negative, or <paramref name="annealStrategy"/> is not cosine or linear; the exception names this method's parameter.</exception>
    public static Schedule SWALR(double learningRate, double swaLr, long annealEpochs = 10, Annealing annealStrategy = Annealing.Cosine)
    {
        ScheduleArguments.NonNegative(learningRate, nameof(learningRate));
        ScheduleArguments.NonNegative(swaLr, nameof(swaLr));
        ScheduleArguments.NonNegative(annealEpochs, nameof(annealEpochs));
        if (annealStrategy is not (Annealing.Cosine or Annealing.Linear))
        {
            throw new ArgumentOutOfRangeException(nameof(annealStrategy), annealStrategy, "annealStrategy must be Cosine or Linear.");
        }

        return Schedule.SwaAnneal(learningRate, swaLr, annealEpochs, annealStrategy);
    }

    /// <summary>
    /// <c>SequentialLR(schedulers, milestones)</c>: <see cref="Schedule.Sequence"/>. At a milestone PyTorch restarts the
    /// next scheduler at its step 0 (its closed form there), and its later steps count from there: exactly a
    /// sequence whose pieces see local steps. Build each piece with the optimizer's lr, as PyTorch's sub-schedulers
    /// share the group's initial_lr. Milestones must be positive: PyTorch's milestone 0 skips the second
    /// scheduler's step 0 (pytorch/pytorch#185872), which this preset does not imitate.
    /// </summary>
    /// <param name="schedulers">The schedules.</param>
    /// <param name="milestones">One fewer than the schedules, strictly increasing, positive.</param>
    /// <returns>The sequence.</returns>
    /// <exception cref="ArgumentNullException">An argument or one of <paramref name="schedulers"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="schedulers"/> is empty, or the counts do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The milestones are not strictly increasing and positive.</exception>
    public static Schedule SequentialLR(IReadOnlyList<Schedule> schedulers, IReadOnlyList<long> milestones)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        ArgumentNullException.ThrowIfNull(milestones);
        if (schedulers.Count == 0)
        {
            throw new ArgumentException("SequentialLR needs at least one schedule.", nameof(schedulers));
        }

        foreach (var scheduler in schedulers)
        {
            ArgumentNullException.ThrowIfNull(scheduler, nameof(schedulers));
        }

        return Schedule.Sequence(schedulers, milestones);
    }

    /// <summary>
    /// <c>ChainedScheduler(schedulers)</c>: every scheduler multiplies the group lr in turn, so the result is
    /// <c>lr·Π_i (s_i(t)/lr)</c>. Exact for chains of PyTorch's multiplicative schedulers (StepLR, MultiStepLR,
    /// ConstantLR, LinearLR, ExponentialLR, PolynomialLR, MultiplicativeLR, and CosineAnnealingLR with eta_min = 0 up to
    /// T_max: at T_max + 1 PyTorch's cosine adds to the group lr instead of multiplying it),
    /// each built with the same lr. Closed-form schedulers (LambdaLR, CyclicLR, OneCycleLR, warm restarts)
    /// overwrite the lr inside a PyTorch chain instead of multiplying it; such chains are not reproduced.
    /// </summary>
    /// <param name="learningRate">The optimizer's initial lr, shared by every scheduler.</param>
    /// <param name="schedulers">The chained schedules, at least one.</param>
    /// <returns>The product.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedulers"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="schedulers"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not positive and finite.</exception>
    public static Schedule ChainedScheduler(double learningRate, params IReadOnlyList<Schedule> schedulers)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        ScheduleArguments.Positive(learningRate, nameof(learningRate));
        if (schedulers.Count == 0)
        {
            throw new ArgumentException("ChainedScheduler needs at least one schedule.", nameof(schedulers));
        }

        var product = schedulers[0] ?? throw new ArgumentNullException(nameof(schedulers));
        for (var i = 1; i < schedulers.Count; i++)
        {
            var next = schedulers[i] ?? throw new ArgumentNullException(nameof(schedulers));
            product = product.Times(next.Times(1 / learningRate));
        }

        return product;
    }
}
