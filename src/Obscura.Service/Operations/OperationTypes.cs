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

    public static readonly string[] Supported = [CopyFull, CopyFiltered, SyncSchema, Dump, Scan, Profile];
    public static readonly string[] NotYet = ["generate_sample", "anonymize_in_place", "sample"];

    public static bool NeedsTarget(string type) => type is CopyFull or CopyFiltered or SyncSchema;
    public static bool UsesConfig(string type) => type is CopyFull or CopyFiltered or Dump;
}
