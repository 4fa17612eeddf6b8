using Obscura.Core.Diagnostics;
using Obscura.Core.Query.Policy;

namespace Obscura.Engine.Query;

/// <summary>
/// The policy in force, reloaded when its file changes (checked on each <see cref="Current"/>: modification time and
/// size). An invalid new version keeps the last valid one in force and says so in <see cref="Warnings"/>.
/// </summary>
public sealed class PolicySource
{
    private readonly string _path;
    private readonly object _gate = new();
    private PrivacyPolicy _policy;
    private (DateTime Written, long Length) _stamp;
    private int _version;
    private List<Diagnostic> _warnings = [];

    /// <summary>Loads the policy; a first version that is invalid throws.</summary>
    /// <exception cref="ObscuraConfigException">The file is unreadable or invalid (all problems listed).</exception>
    public PolicySource(string path)
    {
        _path = Path.GetFullPath(path);
        _stamp = Stamp();
        _policy = PolicyLoader.LoadFile(_path);
    }

    /// <summary>Problems of the latest rejected reload (empty when the file in force is the file on disk).</summary>
    public IReadOnlyList<Diagnostic> Warnings
    {
        get { lock (_gate) return _warnings; }
    }

    /// <summary>Increases with every successful reload (part of plan-cache keys).</summary>
    public int Version
    {
        get { lock (_gate) return _version; }
    }

    /// <summary>The policy in force, after reloading the file if it changed.</summary>
    public PrivacyPolicy Current
    {
        get
        {
            lock (_gate)
            {
                var stamp = Stamp();
                if (stamp == _stamp) return _policy;
                _stamp = stamp;
                try
                {
                    _policy = PolicyLoader.LoadFile(_path);
                    _version++;
                    _warnings = [];
                }
                catch (ObscuraConfigException e)
                {
                    _warnings =
                    [
                        new Diagnostic(Severity.Warning, string.Empty, DiagnosticCodes.PolicyReloadRejected,
                            $"the policy file {Path.GetFileName(_path)} changed but is invalid; the last valid version stays in force"),
                        .. e.Diagnostics,
                    ];
                }
                return _policy;
            }
        }
    }

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }
}
