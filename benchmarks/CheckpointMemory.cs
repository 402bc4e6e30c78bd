#!/usr/bin/env dotnet
#:project ../src/LearningRate/LearningRate.csproj

// Measures the memory a 2 GB checkpoint costs to save or to load, in a process of its own for each, as in
// docs/checkpoints.md: Adam over two float parameters of 83,333,333 elements (values, m and v: 2.0 GB of elements).
// From the repository root:
//   dotnet run -c Release benchmarks/CheckpointMemory.cs -- save /tmp/memory.ckpt
//   dotnet run -c Release benchmarks/CheckpointMemory.cs -- load /tmp/memory.ckpt
using System.Diagnostics;
using LearningRate.Checkpoints;
using LearningRate.Optimizers;

const int Length = 83_333_333;

if (args.Length != 2 || args[0] is not ("save" or "load"))
{
    Console.Error.WriteLine("usage: dotnet run -c Release benchmarks/CheckpointMemory.cs -- save|load <file>");
    return 2;
}

var optimizer = new Adam<float>(new AdamOptions { LearningRate = 1e-3 });
foreach (var name in new[] { "a", "b" })
{
    var value = new float[Length];
    var gradient = new float[Length];
    for (var i = 0; i < Length; i++)
    {
        value[i] = i % 1000 * 1e-3f;
        gradient[i] = (i % 7) - 3;
    }

    optimizer.Add(name, value, gradient);
}

// One step: m and v hold values, and every page of the model is resident before the baseline is taken.
optimizer.Step();
GC.Collect();
using var process = Process.GetCurrentProcess();
process.Refresh();
var baseline = process.WorkingSet64;
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var clock = Stopwatch.StartNew();
if (args[0] == "save")
{
    Checkpoint.SaveToFile(optimizer, args[1]);
}
else
{
    Checkpoint.LoadFromFile(optimizer, args[1]);
}

clock.Stop();
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
process.Refresh();
var file = new FileInfo(args[1]).Length;
Console.WriteLine(
    $"{args[0]} of {file / 1e9:F2} GB in {clock.Elapsed.TotalSeconds:F1} s: working set before {baseline / 1e9:F2} GB, peak {process.PeakWorkingSet64 / 1e9:F2} GB " +
    $"(+{(process.PeakWorkingSet64 - baseline) / 1e6:F0} MB); managed allocations {allocated / 1e6:F2} MB");
return 0;
