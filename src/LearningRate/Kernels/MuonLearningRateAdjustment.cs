namespace LearningRate.Kernels;

/// <summary>
/// How Muon scales the learning rate by the shape of an A×B matrix (torch.optim.Muon's <c>adjust_lr_fn</c>).
/// </summary>
public enum MuonLearningRateAdjustment
{
    /// <summary>
    /// γ·√max(1, A/B) (PyTorch's <c>None</c> and <c>"original"</c>, Keller Jordan's Muon): the orthogonalized update
    /// has unit singular values, so a tall matrix gets a larger step.
    /// </summary>
    Original,

    /// <summary>
    /// γ·0.2·√max(A, B) (PyTorch's <c>"match_rms_adamw"</c>, Moonshot's Muon): the update's RMS matches a typical
    /// AdamW update's, so AdamW's learning rate and weight decay carry over.
    /// </summary>
    MatchRmsAdamW,
}
