#!/usr/bin/env dotnet
#:project ../../../../src/LearningRate/LearningRate.csproj
#:include V1Run.cs
#:include V1Cases.cs

// Writes every case of V1Cases, as saved after V1Cases.SavedAfter steps, into the folder given.
// From this folder: dotnet run -c Release Generate.cs -- <output folder>
using LearningRate.Checkpoints;
using LearningRate.Controllers;
using LearningRate.Tests.Checkpoints.V1;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run -c Release Generate.cs -- <output folder>");
    return 2;
}

Directory.CreateDirectory(args[0]);
foreach (var (name, build) in V1Cases.All)
{
    var run = build(false);
    for (var step = 0; step < V1Cases.SavedAfter; step++)
    {
        run.Step();
    }

    // The plateau file must hold a cut, or it would not cover the reduced state it exists for.
    var plateaus = run.Optimizer.Groups.SelectMany(g => g.Controllers).OfType<ReduceOnPlateau>();
    if (plateaus.Any(p => p.Scale >= 1))
    {
        Console.Error.WriteLine($"{name}: the plateau has not reduced the learning rate by step {V1Cases.SavedAfter}.");
        return 1;
    }

    var path = Path.Combine(args[0], V1Cases.FileName(name));
    Checkpoint.SaveToFile(run.Optimizer, path);
    Console.WriteLine($"{path} {new FileInfo(path).Length} bytes");
}

return 0;
