namespace Obscura.Core.Diagnostics;

/// <summary>
/// Every diagnostic code Obscura reports while loading and binding a config. Codes are stable: tools and
/// docs may match on them. (docs/config.md carries the same table for users.)
/// </summary>
/// <remarks>
/// <code>
/// code    severity  raised by                 meaning
/// ------  --------  ------------------------  ------------------------------------------------------------------
/// OBS100  error     ConfigLoader              YAML syntax error (also: unknown alias, more than one document)
/// OBS101  error     ConfigLoader              unknown key
/// OBS102  error     ConfigLoader              wrong shape: a mapping or a scalar was expected
/// OBS103  error     ConfigLoader              a column rule without a strategy
/// OBS104  error     ConfigLoader              duplicate key in one mapping
/// OBS105  error     ConfigLoader              the config file cannot be read
/// OBS200  error     TransformPlanner          unknown table
/// OBS201  error     TransformPlanner          a bare table name that several schemas share
/// OBS202  error     TransformPlanner          unknown column
/// OBS203  error     TransformPlanner          unknown strategy
/// OBS204  error     TransformPlanner          unknown strategy parameter
/// OBS205  error     TransformPlanner          parameter value of the wrong kind, or not one of the choices
/// OBS206  error     TransformPlanner          required parameter missing
/// OBS207  error     TransformPlanner          the strategy cannot produce values of the column's type class
/// OBS208  error     TransformPlanner          a NULL-producing strategy on a NOT NULL column
/// OBS209  error     TransformPlanner          a keyed strategy but no run secret (reported once)
/// OBS210  error     TransformPlanner          a second rule for the same column
/// OBS211  error     TransformPlanner          a non-injective strategy on a primary key or a referenced key
/// OBS212  error     TransformPlanner          a rule on a foreign-key column whose referenced key is transformed
/// OBS213  err/warn  TransformPlanner          a foreign-key column transformed while its referenced key is not
/// OBS214  error     TransformPlanner          a foreign-key column that would follow two differently transformed keys
/// OBS215  warning   TransformPlanner          a referencing column narrower than the key it follows
/// OBS216  error     TransformPlanner          a strategy that can collide and cannot retry, on a unique column
/// OBS300  error     strategy Validate         a parameter value out of the strategy's range
/// OBS301  error     fixed                     the value cannot be converted to the column's type
/// OBS302  error     fixed                     the value does not fit the column (length, range, precision, enum)
/// OBS303  error     fixed                     fixed on a unique/key column
/// OBS304  warning   hash                      the output of a unique column carries fewer than 64 bits
/// OBS305  warning   hash                      output not injective for this type on a unique column
/// OBS306  (retired: mask on a unique column is now OBS216)
/// OBS307  error     mask                      mask on an enum column (masked text is not an allowed value)
/// OBS820  error     release                   a generalization hierarchy file is malformed (file and line named)
/// OBS821  error     release                   a quasi-identifier with text values has no hierarchy
/// OBS822  error     release                   a value the column's hierarchy does not cover, or a NULL (column and row named)
/// OBS823  error     release                   a release parameter out of range (k, l, c, t, suppression, columns)
/// OBS824  error     release                   the criteria cannot be met within the suppression limit
/// OBS825  error     release                   the output table already exists in the target
/// OBS600  error     ConfigLoader, copy        a subset filter is malformed (bad sample, --where without TABLE=)
/// OBS601  error     copy                      a subset filter names an unknown table
/// OBS602  error     copy                      a where predicate does not run in the source / sample cannot hash
/// OBS610  error     sample                    a bad request (size, --mix strategy or percentages, format)
/// OBS611  error     sample                    --stratify or a risk rule names an unknown column; too many strata
/// OBS612  error     sample                    the table has no primary key nor unique NOT NULL key
/// OBS613  error     ConfigLoader (sample:)    a risk weight that is not a number of 0 or more
/// OBS700  error     generate                  no schema source, or a malformed --rows, --seed or --locale
/// OBS701  error     generate                  --rows names a table that is not in the schema
/// OBS702  error     generate                  a table a NOT NULL foreign key needs has no row count
/// OBS703  error     generate                  a value spec does not fit its column
/// OBS704  error     generate                  the constraints cannot all hold for the rows asked
/// OBS705  warning   generate                  a CHECK constraint the generator does not understand
/// OBS706  error     generate                  a column type the generator cannot make values for
/// OBS780  error     generate --context        no domain template matches the context's keywords
/// OBS781  error     generate --context        --rows names a table the chosen template does not have
/// OBS782  error     generate --context        --rows asks more rows of a lookup table than its vocabulary holds
/// OBS850  error     generate --profile        the profile file cannot be read or is not a profile.json
/// OBS851  warning   generate --profile        a profiled table or column is not in the generated schema (ignored)
/// OBS852  error     generate --epsilon        the privacy budget is not a positive finite number
/// </code>
/// </remarks>
public static class DiagnosticCodes
{
    /// <summary>YAML syntax error (also: unknown alias, more than one document).</summary>
    public const string YamlSyntax = "OBS100";
    /// <summary>Unknown key.</summary>
    public const string UnknownKey = "OBS101";
    /// <summary>Wrong shape: a mapping or a scalar was expected.</summary>
    public const string WrongShape = "OBS102";
    /// <summary>A column rule without a strategy.</summary>
    public const string MissingStrategy = "OBS103";
    /// <summary>Duplicate key in one mapping.</summary>
    public const string DuplicateKey = "OBS104";
    /// <summary>The config file cannot be read.</summary>
    public const string UnreadableFile = "OBS105";

    /// <summary>Unknown table.</summary>
    public const string UnknownTable = "OBS200";
    /// <summary>A bare table name that several schemas share.</summary>
    public const string AmbiguousTable = "OBS201";
    /// <summary>Unknown column.</summary>
    public const string UnknownColumn = "OBS202";
    /// <summary>Unknown strategy.</summary>
    public const string UnknownStrategy = "OBS203";
    /// <summary>Unknown strategy parameter.</summary>
    public const string UnknownParameter = "OBS204";
    /// <summary>Parameter value of the wrong kind, or not one of the choices.</summary>
    public const string InvalidParameter = "OBS205";
    /// <summary>Required parameter missing.</summary>
    public const string MissingParameter = "OBS206";
    /// <summary>The strategy cannot produce values of the column's type class.</summary>
    public const string TypeNotAccepted = "OBS207";
    /// <summary>A NULL-producing strategy on a NOT NULL column.</summary>
    public const string NullOnNotNull = "OBS208";
    /// <summary>A keyed strategy but no run secret (reported once per plan).</summary>
    public const string MissingSecret = "OBS209";
    /// <summary>A second rule for the same column.</summary>
    public const string DuplicateRule = "OBS210";
    /// <summary>A non-injective strategy on a primary key or a referenced key.</summary>
    public const string NonInjectiveOnKey = "OBS211";
    /// <summary>A rule on a foreign-key column whose referenced key is transformed (it follows automatically).</summary>
    public const string RuleOnFollowingColumn = "OBS212";
    /// <summary>A foreign-key column transformed while its referenced key is not.</summary>
    public const string ForeignKeyWithoutKey = "OBS213";
    /// <summary>A foreign-key column that would follow two differently transformed keys.</summary>
    public const string ConflictingPropagation = "OBS214";
    /// <summary>A referencing column narrower than the key it follows.</summary>
    public const string NarrowReferencingColumn = "OBS215";
    /// <summary>A strategy that can give two rows the same value and cannot choose another, on a unique column.</summary>
    public const string CollisionWithoutRetry = "OBS216";

    /// <summary>A parameter value out of the strategy's range.</summary>
    public const string ParameterOutOfRange = "OBS300";
    /// <summary>A fixed value that cannot be converted to the column's type.</summary>
    public const string FixedNotConvertible = "OBS301";
    /// <summary>A fixed value that does not fit the column.</summary>
    public const string FixedDoesNotFit = "OBS302";
    /// <summary>Fixed on a unique or key column.</summary>
    public const string FixedOnUnique = "OBS303";
    /// <summary>Hash output of a unique column carries fewer than 64 bits.</summary>
    public const string ShortHashOnUnique = "OBS304";
    /// <summary>Hash output not injective for this type on a unique column.</summary>
    public const string HashNotInjective = "OBS305";
    /// <summary>Mask on an enum column.</summary>
    public const string MaskOnEnum = "OBS307";

    /// <summary>faker: outputs not guaranteed distinct on a unique column for this kind.</summary>
    public const string FakerNotUnique = "OBS308";
    /// <summary>faker: the column is too short for complete values of the kind.</summary>
    public const string FakerTooShort = "OBS309";

    /// <summary>Two source tables map to one target table name.</summary>
    public const string TargetNameCollision = "OBS401";
    /// <summary>A lossy type mapping or a constraint not created in the target.</summary>
    public const string MappingWarning = "OBS402";
    /// <summary>A target table already holds rows (without --drop-existing).</summary>
    public const string TargetHasRows = "OBS403";
    /// <summary>A table named on the command line does not exist in the source.</summary>
    public const string UnknownSelectedTable = "OBS404";
    /// <summary>Source and target are the same database.</summary>
    public const string SameDatabase = "OBS405";
    /// <summary>A strategy plug-in could not be loaded.</summary>
    public const string PluginLoadFailed = "OBS406";
    /// <summary>A database already records a completed anonymization (refused without --force; --resume skips it).</summary>
    public const string AlreadyAnonymized = "OBS407";

    /// <summary>A subset filter is malformed: a bad <c>sample</c> value, or a <c>--where</c>/<c>--sample</c> without <c>TABLE=</c>.</summary>
    public const string InvalidSubset = "OBS600";
    /// <summary>A subset filter names a table that is not in the source (or not among the copied tables).</summary>
    public const string SubsetUnknownTable = "OBS601";
    /// <summary>A subset <c>where</c> predicate does not run in the source, or <c>sample</c> cannot hash the table's key.</summary>
    public const string SubsetInvalidFilter = "OBS602";

    /// <summary>An <c>obscura sample</c> request is invalid: size, mix (unknown strategy, percentages not summing to 100), format.</summary>
    public const string InvalidSampleRequest = "OBS610";
    /// <summary>An <c>obscura sample</c> request or its config names a column the sampled table does not have, or one it cannot use.</summary>
    public const string SampleUnknownColumn = "OBS611";
    /// <summary>The sampled table has no primary key nor a unique key on NOT NULL columns to identify chosen rows by.</summary>
    public const string SampleNoKey = "OBS612";
    /// <summary>A <c>sample: risk:</c> rule of the config is malformed (a weight that is not a number, an unknown key).</summary>
    public const string InvalidSampleRisk = "OBS613";

    /// <summary>A relation (config <c>relations:</c>) names a database, table or column that does not exist.</summary>
    public const string RelationUnknownName = "OBS501";

    /// <summary>generate: no schema source, or a malformed <c>--rows</c>, <c>--seed</c> or <c>--locale</c>.</summary>
    public const string GenerateInvalidOption = "OBS700";
    /// <summary>generate: <c>--rows</c> names a table that is not in the schema.</summary>
    public const string GenerateUnknownTable = "OBS701";
    /// <summary>generate: a table that a generated table's NOT NULL foreign key needs has no row count.</summary>
    public const string GenerateNoParents = "OBS702";
    /// <summary>generate: a value spec does not fit its column (type, length, empty choices, bad weights, bad template).</summary>
    public const string GenerateInvalidSpec = "OBS703";
    /// <summary>generate: the constraints cannot all hold for the rows asked (a unique column with too few possible values).</summary>
    public const string GenerateUnsatisfiable = "OBS704";
    /// <summary>generate: a CHECK constraint the generator does not understand (values may violate it).</summary>
    public const string GenerateCheckNotUnderstood = "OBS705";
    /// <summary>generate: a column type the generator cannot make values for.</summary>
    public const string GenerateUnsupportedType = "OBS706";
    /// <summary><c>generate --context</c>: no domain template's keywords occur in the context.</summary>
    public const string NoTemplateMatches = "OBS780";
    /// <summary><c>generate --context</c>: <c>--rows</c> names a table the chosen template does not have.</summary>
    public const string TemplateUnknownTable = "OBS781";
    /// <summary><c>generate --context</c>: <c>--rows</c> asks more rows of a lookup table than its vocabulary holds.</summary>
    public const string TemplateLookupTooLarge = "OBS782";
    /// <summary>A generalization hierarchy file is malformed.</summary>
    public const string HierarchyInvalid = "OBS820";
    /// <summary>A quasi-identifier with text values has no hierarchy.</summary>
    public const string HierarchyMissing = "OBS821";
    /// <summary>A value the column's hierarchy does not cover, or a NULL quasi-identifier.</summary>
    public const string HierarchyNotCovering = "OBS822";
    /// <summary>A release parameter out of range.</summary>
    public const string ReleaseInvalidParameter = "OBS823";
    /// <summary>The release criteria cannot be met within the suppression limit.</summary>
    public const string ReleaseInfeasible = "OBS824";
    /// <summary>The release's output table already exists.</summary>
    public const string ReleaseTargetExists = "OBS825";
    /// <summary>A service request field is missing or invalid (operation, data source).</summary>
    public const string ServiceInvalidField = "OBS900";
    /// <summary>A service request names a data source (by environment or id) that does not exist or is ambiguous.</summary>
    public const string ServiceUnknownDataSource = "OBS901";
    /// <summary>A service operation type is not known, or not available in the service yet.</summary>
    public const string ServiceUnsupportedOperation = "OBS902";
    /// <summary>A generate_sample or sample request lacks or misstates its own part (rows, table, size).</summary>
    public const string ServiceOperationOptions = "OBS940";
    /// <summary>A recurring request's cron expression cannot be parsed, or is combined with scheduled_at.</summary>
    public const string ServiceInvalidCron = "OBS941";
    /// <summary>The notification settings are invalid (a webhook URL, the SMTP host, sender or credentials).</summary>
    public const string ServiceInvalidNotifications = "OBS942";
    /// <summary>A report file is over the size the service store keeps per file: it is listed, not stored, and stays where it was written.</summary>
    public const string ServiceReportTooLarge = "OBS965";
    /// <summary>The service settings' report size limit is not a positive number of bytes.</summary>
    public const string ServiceReportLimitInvalid = "OBS966";
    /// <summary>An operation's report files were removed by the store's retention; its run summary and audit stay.</summary>
    public const string ServiceReportsRemoved = "OBS970";
    /// <summary>A retention setting (<c>--report-retention-days</c>, <c>--notification-retention-days</c>) is negative or too large.</summary>
    public const string ServiceRetentionInvalid = "OBS971";
    /// <summary>A request version named in <c>/versions</c> or <c>/diff</c> (<c>from</c>, <c>to</c>) is not a number or does not exist.</summary>
    public const string ServiceVersionInvalid = "OBS950";
    /// <summary>A data source that a running operation uses cannot be changed or deleted until the run ends (409): the run would otherwise switch databases midway.</summary>
    public const string ServiceDataSourceRunning = "OBS978";
    /// <summary>A data source that an operation not yet finished uses (pending, approved, scheduled, queued, recurring) cannot be deleted (409): cancel those operations first.</summary>
    public const string ServiceDataSourceInUse = "OBS979";
    /// <summary>A dashboard form field cannot be turned into a service request (before the request's own checks).</summary>
    public const string DashboardInvalidForm = "OBS920";
    /// <summary>A dashboard strategy-picker choice names no strategy the registry knows.</summary>
    public const string DashboardStrategyChoice = "OBS955";
    /// <summary>The dashboard's inventory of a protected source was built from names and types only: the caller's role may not read its values.</summary>
    public const string DashboardInventoryNamesOnly = "OBS956";
    /// <summary>The service's access settings are invalid: an allowlist or proxy CIDR, the rate limit, or the OIDC/JWT settings.</summary>
    public const string ServiceAccessSettingsInvalid = "OBS930";
    /// <summary>A masked preview request is invalid: no table, a bad limit, or an operation that does not read this data source (an unknown table is OBS404).</summary>
    public const string ServicePreviewInvalid = "OBS931";
    /// <summary>The query endpoints are used but the service has no privacy policy (PolicyPath / --policy).</summary>
    public const string ServiceQueryNotConfigured = "OBS932";
    /// <summary>A query request field is missing or invalid (sql, data_source, epsilon, delta).</summary>
    public const string ServiceQueryInvalid = "OBS933";
    /// <summary>The service store (<c>--store</c>) is not <c>sqlite:PATH</c> or <c>postgres://...</c>, or cannot be reached.</summary>
    public const string ServiceStoreInvalid = "OBS910";
    /// <summary>The service store was created by a newer obscura (its schema version is higher).</summary>
    public const string ServiceStoreTooNew = "OBS911";
    /// <summary><c>obscura worker</c> needs a store other processes share (PostgreSQL), not an embedded SQLite file.</summary>
    public const string WorkerNeedsSharedStore = "OBS912";
    /// <summary>A job setting is out of range (worker concurrency, invisibility timeout, partition size).</summary>
    public const string JobSettingInvalid = "OBS913";

    // ---- Private queries: the policy file (OBS800-819) and query rejections (OBS830-849). ----

    /// <summary>The privacy policy has a key, value or shape that is not allowed.</summary>
    public const string PolicyInvalid = "OBS800";
    /// <summary>A policy table names a privacy unit that is not one of its declared columns, or bounds are inverted.</summary>
    public const string PolicyTable = "OBS801";
    /// <summary>A policy user names a role that is not declared.</summary>
    public const string PolicyUnknownRole = "OBS802";
    /// <summary>A policy rule has a bad pattern or class.</summary>
    public const string PolicyRule = "OBS803";
    /// <summary>The policy file changed but the new version is invalid; the last valid one stays in force.</summary>
    public const string PolicyReloadRejected = "OBS804";

    /// <summary>The SQL does not parse.</summary>
    public const string QuerySyntax = "OBS830";
    /// <summary>The statement is not a single SELECT (or uses a clause the engine does not answer).</summary>
    public const string QueryNotSelect = "OBS831";
    /// <summary>A table or column is unknown, or a name is ambiguous.</summary>
    public const string QueryUnknownName = "OBS832";
    /// <summary>Row-level values of a private table would leave the database.</summary>
    public const string QueryRowLevel = "OBS833";
    /// <summary>A restricted or private-id column is used where it may not be.</summary>
    public const string QueryForbiddenColumn = "OBS834";
    /// <summary>An aggregate's argument has no bounds (an undeclared numeric column, or a function the engine cannot bound).</summary>
    public const string QueryUnbounded = "OBS835";
    /// <summary>An aggregate is nested in another, or a non-aggregate output is not grouped.</summary>
    public const string QueryAggregateShape = "OBS836";
    /// <summary>A function, operator or construct the engine cannot rewrite or bound.</summary>
    public const string QueryUnsupported = "OBS837";
    /// <summary>A join the engine cannot bound (private tables not joined on their privacy units, a table without a unit).</summary>
    public const string QueryJoin = "OBS838";
    /// <summary>The query is refused by policy: the user has no role, or asks for more than the role allows.</summary>
    public const string QueryRefused = "OBS840";
    /// <summary>The query is refused because the user's remaining budget is too small.</summary>
    public const string QueryBudgetExhausted = "OBS841";

    /// <summary><c>generate --profile</c>: the profile file cannot be read or is not a <c>profile.json</c>.</summary>
    public const string InvalidProfile = "OBS850";
    /// <summary><c>generate --profile</c>: a profiled table or column is not in the generated schema, or has another type class (ignored).</summary>
    public const string ProfileMismatch = "OBS851";
    /// <summary><c>generate --epsilon</c>: the privacy budget is not a positive finite number.</summary>
    public const string InvalidEpsilon = "OBS852";
}
