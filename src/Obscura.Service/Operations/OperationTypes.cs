namespace Obscura.Service.Operations;

/// <summary>Operation types: those the service runs, and those the API knows but cannot run yet.</summary>
internal static class OperationTypes
{
    public const string CopyFull = "copy_full";
    public const string CopyFiltered = "copy_filtered";
    public const string SyncSchema = "sync_schema";
    public const string Dump = "dump";
    public const string Scan = "scan";
    public const string Profile = "profile";
    public const string GenerateSample = "generate_sample";
    public const string AnonymizeInPlace = "anonymize_in_place";
    public const string Sample = "sample";

    public static readonly string[] Supported = [CopyFull, CopyFiltered, SyncSchema, Dump, Scan, Profile, GenerateSample, AnonymizeInPlace, Sample];
    public static readonly string[] NotYet = [];

    public static bool NeedsTarget(string type) => type is CopyFull or CopyFiltered or SyncSchema or GenerateSample;
    /// <summary>Types whose target is optional (sample: a database, or files in the operation's data directory).</summary>
    public static bool AllowsTarget(string type) => NeedsTarget(type) || type is Sample;
    public static bool UsesConfig(string type) => type is CopyFull or CopyFiltered or Dump or AnonymizeInPlace or Sample;
}
