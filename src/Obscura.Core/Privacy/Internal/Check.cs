namespace Obscura.Core.Privacy.Internal;

/// <summary>Argument checks shared by the mechanisms, with messages that say what a valid value is (never a data value).</summary>
internal static class Check
{
    public static void Epsilon(double epsilon, string parameter = "epsilon")
    {
        // Above 10^6 the noise carries no protection at all; the bound also keeps every scale far from underflow.
        if (!(epsilon > 0 && epsilon <= 1e6))
            throw new ArgumentOutOfRangeException(parameter, epsilon, "Epsilon must be greater than 0 and at most 10^6.");
    }

    public static void Delta(double delta, string parameter = "delta")
    {
        if (!(delta > 0 && delta < 1))
            throw new ArgumentOutOfRangeException(parameter, delta, "Delta must be greater than 0 and less than 1.");
    }

    public static void Sensitivity(double sensitivity, string parameter = "sensitivity")
    {
        if (!double.IsFinite(sensitivity) || sensitivity <= 0 || sensitivity < 1e-280 || sensitivity > 1e280)
            throw new ArgumentOutOfRangeException(parameter, sensitivity, "Sensitivity must be a finite number greater than 0 (between 1e-280 and 1e280).");
    }

    public static void Finite(double value, string parameter)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(parameter, "The value must be a finite number.");
    }
}
