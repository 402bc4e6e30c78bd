using LearningRate.Optimizers;

// Minimize f(w) = sum (w_i - 3)^2 with Adam, PyTorch defaults except the learning rate.
var weights = new float[4];
var gradients = new float[4];
var adam = new Adam<float>(new AdamOptions { LearningRate = 0.1 });
adam.Add("weights", weights, gradients);

for (var step = 0; step < 500; step++)
{
    for (var i = 0; i < weights.Length; i++)
    {
        gradients[i] = 2 * (weights[i] - 3);   // your backward pass writes the gradient
    }

    adam.Step();                                // one fused pass per parameter, no allocation
}

Console.WriteLine(string.Join(", ", weights)); // ≈ 3, 3, 3, 3
