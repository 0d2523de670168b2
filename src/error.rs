//! The one error type, [`OraError`]: an Oracle error code, its message text, and where in the
//! statement it happened.
//!
//! Every fallible function in the crate returns `Result<T, OraError>`. The code is the contract
//! (tests compare codes); the text follows Oracle's message file exactly, from the fact sheet in
//! `shared/reference/oracle.md` §3 (note ORA-00030's capital U and trailing period). `Display`
//! prints the SQL*Plus form, `ORA-00028: your session has been killed`.
//!
//! Construction goes through [`ora!`](crate::ora): `ora!(NO_SUCH_SESSION)` uses the default text,
//! `ora!(INVALID_IDENTIFIER, "\"{}\"", name)` fills the `%s` of the message with formatted args.

use std::fmt;

/// Which message facility a code belongs to: `ORA-`, `PLS-` or SQL*Plus's `SP2-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facility {
    /// Database errors, `ORA-nnnnn`.
    Ora,
    /// PL/SQL compiler errors, `PLS-nnnnn`.
    Pls,
    /// SQL*Plus client errors, `SP2-nnnn`.
    Sp2,
    /// CockroachDB errors (the CockroachDB dialect's statements): no number, the SQLSTATE
    /// they carry, printed `ERROR: text` as CockroachDB's clients print them.
    Crdb(&'static str),
}

/// An error code: facility plus number, with its default message template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    /// The facility (`ORA`, `PLS`, `SP2`).
    pub facility: Facility,
    /// The error number, e.g. 28 for ORA-00028.
    pub number: u32,
    /// The message template; `%s` is replaced by the detail given at construction.
    pub template: &'static str,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $fac:ident $num:literal $text:literal; )*) => {
        $( $(#[$doc])* pub const $name: Code = Code { facility: Facility::$fac, number: $num, template: $text }; )*
        /// Every named code, for looking a number up (e.g. `PRAGMA EXCEPTION_INIT`, `SQLERRM(n)`).
        pub const ALL_CODES: &[Code] = &[$($name),*];
    };
}

codes! {
    /// Wrong number of arguments to a built-in function.
    INVALID_NUMBER_OF_ARGUMENTS = Ora 909 "invalid number of arguments";
    /// An arithmetic result does not fit in a NUMBER.
    NUMERIC_OVERFLOW = Ora 1426 "numeric overflow";
    /// DISTINCT (or a set operation) with an ORDER BY item not in the select list.
    NOT_SELECTED_EXPRESSION = Ora 1791 "not a SELECTed expression";
    /// ORDER BY of a set operation names something that is not an output column.
    ORDER_BY_ITEM_NOT_IN_LIST = Ora 1785 "ORDER BY item must be the number of a SELECT-list expression";
    /// Set operation branches with different column counts.
    SET_OP_COLUMN_COUNT = Ora 1789 "query block has incorrect number of result columns";
    /// TO_DATE: the input does not match a literal of the format.
    LITERAL_DOES_NOT_MATCH_FORMAT = Ora 1861 "literal does not match format string";
    /// TO_DATE: input left over after the format is used up.
    FORMAT_ENDS_BEFORE_INPUT = Ora 1830 "date format picture ends before converting entire input string";
    /// TO_DATE: the format wants more than the input has.
    INPUT_TOO_SHORT_FOR_FORMAT = Ora 1840 "input value not long enough for date format";
    /// TO_DATE: a month name or number that does not exist.
    NOT_A_VALID_MONTH = Ora 1843 "not a valid month";
    /// TO_DATE: day out of range for the month.
    DAY_OF_MONTH_INVALID = Ora 1847 "day of month must be between 1 and last day of month";
    /// TO_DATE: hour out of range.
    HOUR_INVALID = Ora 1850 "hour must be between 0 and 23";
    /// TO_DATE: minute out of range.
    MINUTES_INVALID = Ora 1851 "minutes must be between 0 and 59";
    /// TO_DATE: second out of range.
    SECONDS_INVALID = Ora 1852 "seconds must be between 0 and 59";
    /// TO_DATE: a letter where a digit was expected.
    NON_NUMERIC_WHERE_NUMERIC = Ora 1858 "a non-numeric character was found where a numeric was expected";
    /// TO_DATE: a 12-hour clock hour out of 1..12.
    HOUR12_INVALID = Ora 1849 "hour must be between 1 and 12";
    /// TO_DATE: year out of range.
    YEAR_INVALID = Ora 1841 "(full) year must be between -4713 and +9999, and not be 0";
    /// TO_DATE: AM/PM expected.
    AM_PM_REQUIRED = Ora 1855 "AM/A.M. or PM/P.M. required";
    /// LIKE ... ESCAPE with an escape that is not one character.
    INVALID_ESCAPE_CHARACTER = Ora 1425 "escape character must be character string of length 1";
    /// LIKE pattern with the escape character followed by something other than `%`, `_` or itself.
    INVALID_ESCAPE_SEQUENCE = Ora 1424 "missing or illegal character following the escape character";
    /// TO_CHAR / TO_NUMBER with an unsupported number format.
    INVALID_NUMBER_FORMAT = Ora 1481 "invalid number format model";
    /// A function argument outside its domain (INSTR occurrence 0).
    ARGUMENT_OUT_OF_RANGE = Ora 1428 "argument '%s' is out of range";
    /// A bind variable with no value.
    NOT_ALL_VARIABLES_BOUND = Ora 1008 "not all variables bound";
    /// A subquery or list with more values than the context takes.
    TOO_MANY_VALUES = Ora 913 "too many values";
    /// Unique constraint violated (issue 3: storage).
    UNIQUE_VIOLATED = Ora 1 "unique constraint (%s) violated";
    /// EXECUTE IMMEDIATE of NULL or ''.
    EMPTY_DYNAMIC_STATEMENT = Ora 6535 "statement string in EXECUTE IMMEDIATE is NULL or 0 length";
    /// SQL calling PL/SQL calling SQL ... nested too deep.
    RECURSIVE_SQL_LIMIT = Ora 36 "maximum number of recursive SQL levels (%s) exceeded";
    /// CREATE TABLE with a name an object of the schema already has.
    NAME_ALREADY_USED = Ora 955 "name is already used by an existing object";
    /// INSERT with fewer values than columns.
    NOT_ENOUGH_VALUES = Ora 947 "not enough values";
    /// CREATE TABLE naming a column twice.
    DUPLICATE_COLUMN_NAME = Ora 957 "duplicate column name";
    /// ROLLBACK TO a savepoint that was not set in the current transaction.
    SAVEPOINT_NOT_ESTABLISHED = Ora 1086 "savepoint '%s' never established in this session or is invalid";
    /// INSERT of NULL into a NOT NULL column; the detail is `"SCHEMA"."TABLE"."COLUMN"`.
    CANNOT_INSERT_NULL = Ora 1400 "cannot insert NULL into (%s)";
    /// UPDATE of a NOT NULL column to NULL.
    CANNOT_UPDATE_TO_NULL = Ora 1407 "cannot update (%s) to NULL";
    /// A number with more integer digits than NUMBER(p,s) allows.
    PRECISION_EXCEEDED = Ora 1438 "value larger than specified precision allowed for this column";
    /// A string longer than VARCHAR2(n)/CHAR(n) allows.
    VALUE_TOO_LARGE = Ora 12899 "value too large for column %s (actual: %s, maximum: %s)";
    /// The 'sid,serial#' text of KILL/DISCONNECT/CANCEL is malformed; nothing changed.
    INVALID_SESSION_ID = Ora 26 "missing or invalid session ID";
    /// A session tried to kill itself; nothing changed.
    CANT_KILL_OWN_SESSION = Ora 27 "cannot kill current session";
    /// Logon refused: the instance already has its maximum number of sessions.
    MAX_SESSIONS_EXCEEDED = Ora 18 "maximum number of sessions exceeded";
    /// The victim's call was interrupted by a kill, or its first call after a deferred kill.
    /// By the time this is returned the transaction is rolled back and the locks are released.
    SESSION_KILLED = Ora 28 "your session has been killed";
    /// The target is not a user session (a BACKGROUND process).
    NOT_USER_SESSION = Ora 29 "session is not a user session";
    /// No session with that SID, or its SERIAL# does not match; nothing changed.
    NO_SUCH_SESSION = Ora 30 "User session ID does not exist.";
    /// The target could not be ended within the kill wait (uninterruptible phase); it stays
    /// marked KILLED and ends by itself when the phase ends.
    SESSION_MARKED_FOR_KILL = Ora 31 "session marked for kill";
    /// NOWAIT / WAIT n on a locked resource.
    RESOURCE_BUSY = Ora 54 "resource busy and acquire with NOWAIT specified or timeout expired";
    /// Deadlock detected; the statement is rolled back, the transaction stays open.
    DEADLOCK = Ora 60 "deadlock detected while waiting for resource";
    /// Generic wrapper for errors in recursive SQL.
    RECURSIVE_SQL_ERROR = Ora 604 "error occurred at recursive SQL level %s";
    /// Not a statement the engine knows.
    INVALID_SQL_STATEMENT = Ora 900 "invalid SQL statement";
    /// ALTER SYSTEM with an unknown option.
    INVALID_ALTER_SYSTEM_OPTION = Ora 922 "missing or invalid option";
    /// FROM expected after the select list.
    FROM_NOT_FOUND = Ora 923 "FROM keyword not found where expected";
    /// Unknown column or identifier; the detail is the name in double quotes.
    INVALID_IDENTIFIER = Ora 904 "%s: invalid identifier";
    /// A right parenthesis was expected.
    MISSING_RIGHT_PAREN = Ora 907 "missing right parenthesis";
    /// A keyword was expected.
    MISSING_KEYWORD = Ora 905 "missing keyword";
    /// A left parenthesis was expected.
    MISSING_LEFT_PAREN = Ora 906 "missing left parenthesis";
    /// An unterminated quoted string.
    QUOTED_STRING_NOT_TERMINATED = Ora 1756 "quoted string not properly terminated";
    /// Text after the end of a complete statement.
    SQL_NOT_PROPERLY_ENDED = Ora 933 "SQL command not properly ended";
    /// A character no token starts with, or a `;` sent after a SQL statement.
    INVALID_CHARACTER = Ora 911 "invalid character";
    /// ALTER SYSTEM with an option other than KILL SESSION, DISCONNECT SESSION, CANCEL SQL.
    ILLEGAL_ALTER_SYSTEM_OPTION = Ora 2065 "illegal option for ALTER SYSTEM";
    /// ALTER followed by something other than SYSTEM, SESSION, USER.
    INVALID_ALTER_COMMAND = Ora 940 "invalid ALTER command";
    /// CREATE followed by something other than USER, ROLE, TABLE.
    INVALID_CREATE_COMMAND = Ora 901 "invalid CREATE command";
    /// DROP followed by something other than USER, ROLE, TABLE.
    INVALID_DROP_OPTION = Ora 950 "invalid DROP option";
    /// A table name was expected.
    INVALID_TABLE_NAME = Ora 903 "invalid table name";
    /// An unknown type name in a column definition.
    INVALID_DATATYPE = Ora 902 "invalid datatype";
    /// A comma was expected (INSERT column and value lists).
    MISSING_COMMA = Ora 917 "missing comma";
    /// INSERT INTO t without VALUES or SELECT.
    MISSING_VALUES = Ora 926 "missing VALUES keyword";
    /// UPDATE ... SET col without `=`.
    MISSING_EQUAL_SIGN = Ora 927 "missing equal sign";
    /// IDENTIFIED BY without a usable password.
    MISSING_PASSWORD = Ora 988 "missing or invalid password(s)";
    /// GRANT / REVOKE with an empty or malformed privilege.
    MISSING_PRIVILEGE = Ora 990 "missing or invalid privilege";
    /// NUMBER(p) with p outside 1..38.
    PRECISION_OUT_OF_RANGE = Ora 1727 "numeric precision specifier is out of range (1 to 38)";
    /// NUMBER(p, s) with s outside -84..127.
    SCALE_OUT_OF_RANGE = Ora 1728 "numeric scale specifier is out of range (-84 to 127)";
    /// A `"quoted` identifier without its closing quote.
    MISSING_DOUBLE_QUOTE = Ora 1740 "missing double quote in identifier";
    /// The identifier `""`.
    ZERO_LENGTH_IDENTIFIER = Ora 1741 "illegal zero-length identifier";
    /// `IS` not followed by `[NOT] NULL`.
    MISSING_NULL = Ora 908 "missing NULL keyword";
    /// A set operator (UNION, MINUS, ...) not followed by a query.
    MISSING_SELECT = Ora 928 "missing SELECT keyword";
    /// GROUP or ORDER not followed by BY.
    MISSING_BY = Ora 924 "missing BY keyword";
    /// INSERT without INTO.
    MISSING_INTO = Ora 925 "missing INTO keyword";
    /// GRANT ... TO / REVOKE ... FROM without a grantee.
    MISSING_USERNAME = Ora 987 "missing or invalid username(s)";
    /// A `/*` comment without `*/`.
    COMMENT_NOT_TERMINATED = Ora 1742 "comment not properly terminated";
    /// Input the engine does not implement, e.g. a statement nested deeper than the parser's
    /// recursion limit (which exists so that no input can overflow the stack).
    UNIMPLEMENTED_FEATURE = Ora 3001 "unimplemented feature";
    /// Group function misuse.
    NOT_GROUP_BY_EXPRESSION = Ora 979 "not a GROUP BY expression";
    /// Group function not allowed here.
    GROUP_FUNCTION_NOT_ALLOWED = Ora 934 "group function is not allowed here";
    /// A single-group function is mixed with plain columns.
    NOT_SINGLE_GROUP_FUNCTION = Ora 937 "not a single-group group function";
    /// An expression was expected.
    MISSING_EXPRESSION = Ora 936 "missing expression";
    /// Wrong number of arguments to a built-in function.
    NOT_ENOUGH_ARGUMENTS = Ora 938 "not enough arguments for function";
    /// Too many arguments to a built-in function.
    TOO_MANY_ARGUMENTS = Ora 939 "too many arguments for function";
    /// Table, view or dynamic view unknown, or not visible to this user.
    TABLE_NOT_FOUND = Ora 942 "table or view does not exist";
    /// Column name is ambiguous in a join.
    COLUMN_AMBIGUOUSLY_DEFINED = Ora 918 "column ambiguously defined";
    /// Invalid relational operator.
    INVALID_RELATIONAL_OPERATOR = Ora 920 "invalid relational operator";
    /// Unexpected end of SQL command.
    UNEXPECTED_END = Ora 921 "unexpected end of SQL command";
    /// An identifier is too long.
    IDENTIFIER_TOO_LONG = Ora 972 "identifier is too long";
    /// Subquery returns more than one row where one is expected.
    SINGLE_ROW_SUBQUERY_MANY_ROWS = Ora 1427 "single-row subquery returns more than one row";
    /// Inconsistent datatypes in a comparison or expression.
    INCONSISTENT_DATATYPES = Ora 932 "inconsistent datatypes: expected %s got %s";
    /// A CREATE USER for a name that exists.
    USER_CONFLICTS = Ora 1920 "user name '%s' conflicts with another user or role name";
    /// A user or role named in GRANT/REVOKE/DROP does not exist.
    USER_DOES_NOT_EXIST = Ora 1918 "user '%s' does not exist";
    /// A role named in GRANT does not exist.
    ROLE_DOES_NOT_EXIST = Ora 1919 "role '%s' does not exist";
    /// REVOKE of a system privilege that was not granted.
    PRIVILEGE_NOT_GRANTED = Ora 1952 "system privileges not granted to '%s'";
    /// REVOKE of a role that was not granted.
    ROLE_NOT_GRANTED = Ora 1951 "ROLE '%s' not granted to '%s'";
    /// ALTER SESSION SET CURRENT_SCHEMA with something that is not a schema name.
    INVALID_SCHEMA_IDENTIFIER = Ora 2421 "missing or invalid schema authorization identifier";
    /// ALTER SESSION SET CURRENT_SCHEMA to a user that does not exist.
    SCHEMA_USER_DOES_NOT_EXIST = Ora 1435 "user does not exist";
    /// DBMS_SERVICE with a NULL or empty service name.
    NULL_SERVICE_NAME = Ora 44301 "NULL service name";
    /// CREATE_SERVICE of a name that exists (text unconfirmed; number from the spec).
    SERVICE_EXISTS = Ora 44303 "service name exists";
    /// A DBMS_SERVICE call naming a service that does not exist.
    SERVICE_DOES_NOT_EXIST = Ora 44304 "service %s does not exist";
    /// START_SERVICE of a running service, DELETE_SERVICE of a running one (text unconfirmed).
    SERVICE_IN_USE = Ora 44305 "service %s is running";
    /// A service name longer than 64 characters (text unconfirmed).
    SERVICE_NAME_TOO_LONG = Ora 44306 "service name too long";
    /// STOP_SERVICE of a service that is not running.
    SERVICE_NOT_RUNNING = Ora 44311 "service %s not running";
    /// A logon naming a service that does not exist or is stopped: the listener refuses it.
    LISTENER_UNKNOWN_SERVICE = Ora 12514 "TNS:listener does not currently know of service requested in connect descriptor";
    /// An argument value outside what a built-in accepts.
    INVALID_ARGUMENT_VALUE = Ora 44316 "invalid argument";
    /// A service's replay_initiation_timeout not above its failover_delay (DBMS_SERVICE.TG_REPTO).
    INVALID_REPLAY_INITIATION_TIMEOUT = Ora 44779 "Invalid value for service attribute replay_initiation_timeout.";
    /// commit_outcome FALSE on a service whose failover_type is TRANSACTION or AUTO: Application
    /// Continuity needs Transaction Guard (DBMS_SERVICE.TG_CO).
    INVALID_COMMIT_OUTCOME = Ora 44780 "Invalid value for service attribute commit_outcome.";
    /// Missing privilege.
    INSUFFICIENT_PRIVILEGES = Ora 1031 "insufficient privileges";
    /// CREATE TABLE ... AS SELECT with an unnamed expression in the select list.
    MUST_NAME_EXPRESSION = Ora 998 "must name this expression with a column alias";
    /// DROP USER without CASCADE of a user who owns objects.
    CASCADE_REQUIRED = Ora 1922 "CASCADE must be specified to drop '%s'";
    /// DROP USER while one of the user's sessions (KILLED ones included) still exists.
    CANT_DROP_CONNECTED_USER = Ora 1940 "cannot drop a user that is currently connected";
    /// Every call after ORA-00028 was delivered, and calls of a session never connected.
    NOT_LOGGED_ON = Ora 1012 "not logged on";
    /// The current call was cancelled (ALTER SYSTEM CANCEL SQL); the session lives on.
    USER_CANCEL = Ora 1013 "user requested cancel of current operation";
    /// Logon with a wrong user name or password.
    INVALID_LOGON = Ora 1017 "invalid username/password; logon denied";
    /// Logon of a user without CREATE SESSION.
    NO_CREATE_SESSION = Ora 1045 "user %s lacks CREATE SESSION privilege; logon denied";
    /// SELECT INTO found nothing.
    NO_DATA_FOUND = Ora 1403 "no data found";
    /// SELECT INTO found more than one row.
    TOO_MANY_ROWS = Ora 1422 "exact fetch returns more than requested number of rows";
    /// Division by zero.
    DIVISOR_IS_ZERO = Ora 1476 "divisor is equal to zero";
    /// A value that is not a number where a number is needed.
    INVALID_NUMBER = Ora 1722 "invalid number";
    /// Date formats.
    DATE_FORMAT_NOT_RECOGNIZED = Ora 1821 "date format not recognized";
    /// Invalid arguments (e.g. a bad SYS_CONTEXT parameter).
    INVALID_ARGUMENT = Ora 2003 "invalid %s parameter";
    /// End of communication channel: the server side of the connection is gone.
    END_OF_FILE_ON_CHANNEL = Ora 3113 "end-of-file on communication channel";
    /// Every call after the connection was lost.
    NOT_CONNECTED = Ora 3114 "not connected to ORACLE";
    /// The first call after an IMMEDIATE kill (19c behaviour).
    CONNECTION_LOST_CONTACT = Ora 3135 "connection lost contact";
    /// PL/SQL numeric or value error.
    VALUE_ERROR = Ora 6502 "PL/SQL: numeric or value error%s";
    /// Unhandled user-defined exception.
    UNHANDLED_USER_EXCEPTION = Ora 6510 "PL/SQL: unhandled user-defined exception";
    /// A line of the PL/SQL error stack.
    AT_LINE = Ora 6512 "at %s";
    /// PL/SQL ran out of memory; also raised for runaway recursion (STORAGE_ERROR).
    STORAGE_ERROR = Ora 6500 "PL/SQL: storage error";
    /// PL/SQL internal problem (PROGRAM_ERROR).
    PROGRAM_ERROR = Ora 6501 "PL/SQL: program error";
    /// A function ended without RETURN.
    FUNCTION_RETURNED_WITHOUT_VALUE = Ora 6503 "PL/SQL: Function returned without value";
    /// OPEN of an open cursor (CURSOR_ALREADY_OPEN).
    CURSOR_ALREADY_OPEN = Ora 6511 "PL/SQL: cursor already open";
    /// FETCH / CLOSE of a cursor that is not open (INVALID_CURSOR).
    INVALID_CURSOR = Ora 1001 "invalid cursor";
    /// A CASE statement with no matching WHEN and no ELSE (CASE_NOT_FOUND).
    CASE_NOT_FOUND = Ora 6592 "CASE not found while executing CASE statement";
    /// TIMEOUT_ON_RESOURCE.
    TIMEOUT_ON_RESOURCE = Ora 51 "timeout occurred while waiting for a resource";
    /// RAISE_APPLICATION_ERROR with a number outside -20000..-20999.
    RAISE_APPLICATION_ERROR_RANGE = Ora 21000 "error number argument to raise_application_error of %s%s is out of range";
    /// PL/SQL compilation error position, followed by the PLS- error.
    PLSQL_COMPILE_ERROR = Ora 6550 "line %s";
    /// Wrong argument to a DBMS_SESSION.SLEEP time limit.
    INVALID_TIME_LIMIT = Ora 38148 "invalid time limit specified";
    /// WAIT n on a row lock timed out.
    WAIT_TIMEOUT = Ora 30006 "resource busy; acquire with WAIT timeout expired";
    /// An identifier that must be declared.
    PLS_NOT_DECLARED = Pls 201 "identifier '%s' must be declared";
    /// PL/SQL syntax error.
    PLS_ENCOUNTERED = Pls 103 "Encountered the symbol \"%s\" when expecting one of the following:%s";
    /// Wrong number or types of arguments in a call.
    PLS_WRONG_ARGUMENTS = Pls 306 "wrong number or types of arguments in call to '%s'";
    /// Unknown SQL*Plus command.
    SP2_UNKNOWN_COMMAND = Sp2 734 "unknown command beginning \"%s...\" - rest of line ignored.";
    /// SQL*Plus: cannot open a script file.
    SP2_CANNOT_OPEN = Sp2 310 "unable to open file \"%s\"";
    /// SQL*Plus: an unknown SET option.
    SP2_UNKNOWN_SET_OPTION = Sp2 158 "unknown SET option beginning \"%s\"";
    /// Internal error: the engine failed unexpectedly (a bug); the call is abandoned.
    INTERNAL_ERROR = Ora 600 "internal error code, arguments: [%s]";
    /// SQL*Plus: the statement or PL/SQL call needs a connection and there is none.
    SP2_NOT_CONNECTED = Sp2 640 "Not connected";
    /// SQL*Plus: `/` with an empty SQL buffer.
    SP2_NOTHING_TO_RUN = Sp2 103 "Nothing in SQL buffer to run.";
    /// SQL*Plus: `DEFINE name` of a variable that is not defined.
    SP2_SYMBOL_UNDEFINED = Sp2 135 "symbol %s is UNDEFINED";
    /// SQL*Plus: `@file` nested more than 20 deep.
    SP2_NESTED_TOO_DEEP = Sp2 309 "SQL*Plus command procedures may only be nested to a depth of 20.";
    /// vsession runner: `&name` of an undefined variable (SQL*Plus would prompt; a script
    /// run has no terminal), the statement is skipped.
    SP2_SUBST_UNDEFINED = Sp2 9001 "substitution variable \"%s\" is not defined";
    /// vsession runner: end of file inside a statement or PL/SQL block.
    SP2_UNTERMINATED = Sp2 9002 "end of file inside the statement starting at line %s (missing %s)";
    /// vsession runner: the script waits for a call that nothing can ever complete.
    SP2_NEVER_CONTINUES = Sp2 9003 "%s; the script can never continue";
    /// vsession runner: the sessions did not come to rest within the real-time limit.
    SP2_NOT_SETTLED = Sp2 9004 "sessions did not settle within %s seconds of real time";
    /// vsession runner: a runner command's argument is missing or invalid.
    SP2_BAD_ARGUMENT = Sp2 9005 "%s";
    /// A method other than EXISTS, or an element, of an atomically NULL nested table or
    /// varray (COLLECTION_IS_NULL).
    COLLECTION_IS_NULL = Ora 6531 "Reference to uninitialized collection";
    /// `TABLE(x)` over something that is not a nested table or varray (a scalar, a
    /// string-keyed associative array).
    NOT_NESTED_TABLE_ITEM = Ora 22905 "cannot access rows from a non-nested table item";
    /// A nested table or varray subscript below 1 or above a varray's limit
    /// (SUBSCRIPT_OUTSIDE_LIMIT).
    SUBSCRIPT_OUTSIDE_LIMIT = Ora 6532 "Subscript outside of limit";
    /// A nested table or varray subscript above its size (SUBSCRIPT_BEYOND_COUNT).
    SUBSCRIPT_BEYOND_COUNT = Ora 6533 "Subscript beyond count";
    /// FORALL over a range that names a missing collection element.
    ELEMENT_DOES_NOT_EXIST = Ora 22160 "element at index [%s] does not exist";
    /// More rows BULK COLLECTed into a varray than its limit.
    INDEX_OUT_OF_RANGE = Ora 22165 "given index [%s] must be in the range of [%s] to [%s]";
    /// FORALL ... SAVE EXCEPTIONS ended with failed iterations (SQL%BULK_EXCEPTIONS).
    ARRAY_DML_ERRORS = Ora 24381 "error(s) in array DML";
    /// SQL*Plus: `:name` in a statement, or PRINT name, without VARIABLE name.
    SP2_BIND_NOT_DECLARED = Sp2 552 "Bind variable \"%s\" not declared.";
    /// SQL*Plus: VARIABLE with a name that is not an identifier.
    SP2_ILLEGAL_VARIABLE_NAME = Sp2 553 "Illegal variable name \"%s\".";
    /// SQL*Plus: VARIABLE name = value with a value the type cannot hold.
    SP2_INVALID_VALUE = Sp2 425 "\"%s\" is not a valid %s";
    /// SQL*Plus: PRINT of a REFCURSOR that is not open.
    SP2_ERROR_PRINTING = Sp2 625 "Error printing variable \"%s\"";
    /// Fetch from a cursor handle that was never executed (PRINT of an unopened REFCURSOR).
    STATEMENT_HANDLE_NOT_EXECUTED = Ora 24338 "statement handle not executed";
    /// SQL*Plus: VARIABLE name = 'text' longer than the variable.
    SP2_STRING_TOO_LONG = Sp2 631 "String beginning \"%s\" is too long";
}

impl Code {
    /// `ORA-00028`, `PLS-00201`, `SP2-0734`.
    pub fn prefix(&self) -> String {
        match self.facility {
            Facility::Ora => format!("ORA-{:05}", self.number),
            Facility::Pls => format!("PLS-{:05}", self.number),
            Facility::Sp2 => format!("SP2-{:04}", self.number),
            Facility::Crdb(_) => "ERROR".to_string(),
        }
    }

    /// Looks up an ORA code by number; unknown numbers get a generic template.
    pub fn ora(number: u32) -> Code {
        ALL_CODES
            .iter()
            .copied()
            .find(|c| c.facility == Facility::Ora && c.number == number && c.template != "%s")
            .unwrap_or(Code { facility: Facility::Ora, number, template: "" })
    }
}

/// An Oracle error as a user sees it: code, message text, optional position in the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OraError {
    /// The error code.
    pub code: Code,
    /// The full message text (without the `ORA-nnnnn: ` prefix).
    pub text: String,
    /// Byte offset in the statement text where the error was found, if known.
    pub pos: Option<usize>,
    /// Further lines of the error stack (e.g. `ORA-06512: at line 3`), printed after this one.
    pub stack: Vec<OraError>,
}

impl OraError {
    /// An error with the code's default text, `%s` filled with `detail` (empty if none).
    pub fn new(code: Code, detail: &str) -> OraError {
        let text = if code.template.contains("%s") {
            let mut out = code.template.to_string();
            for part in detail.split('\u{1}') {
                out = out.replacen("%s", part, 1);
            }
            out.replace("%s", "")
        } else if code.template.is_empty() {
            detail.to_string()
        } else {
            code.template.to_string()
        };
        OraError { code, text, pos: None, stack: Vec::new() }
    }

    /// An error whose text is given in full (user exceptions, RAISE_APPLICATION_ERROR).
    pub fn with_text(code: Code, text: impl Into<String>) -> OraError {
        OraError { code, text: text.into(), pos: None, stack: Vec::new() }
    }

    /// A CockroachDB error: `sqlstate` (e.g. `42601`, `57014`, `XX000`) and the full text, as
    /// `fact sheet reference/cockroach.md` gives them.
    pub fn crdb(sqlstate: &'static str, text: impl Into<String>) -> OraError {
        OraError::with_text(
            Code { facility: Facility::Crdb(sqlstate), number: 0, template: "" },
            text,
        )
    }

    /// The SQLSTATE of a CockroachDB error, `None` for Oracle's.
    pub fn crdb_sqlstate(&self) -> Option<&'static str> {
        match self.code.facility {
            Facility::Crdb(state) => Some(state),
            _ => None,
        }
    }

    /// Sets the statement position if none is set yet (the innermost position wins).
    pub fn at(mut self, pos: usize) -> OraError {
        self.pos.get_or_insert(pos);
        self
    }

    /// True if the code is `code`.
    pub fn is(&self, code: Code) -> bool {
        self.code.facility == code.facility && self.code.number == code.number
    }

    /// SQLCODE as PL/SQL sees it: minus the number, except NO_DATA_FOUND which is +100.
    pub fn sqlcode(&self) -> i64 {
        if self.is(NO_DATA_FOUND) { 100 } else { -(self.code.number as i64) }
    }

    /// Errors after which the session no longer exists: the caller must not try another call
    /// on it expecting anything but ORA-01012.
    pub fn ends_session(&self) -> bool {
        // 28: delivered once, the session is gone; 1012 and 3114: it was already gone;
        // 3113/3135: the connection was cut by an IMMEDIATE kill or disconnect.
        [
            SESSION_KILLED,
            NOT_LOGGED_ON,
            NOT_CONNECTED,
            END_OF_FILE_ON_CHANNEL,
            CONNECTION_LOST_CONTACT,
        ]
        .iter()
        .any(|c| self.is(*c))
    }
}

impl OraError {
    /// Errors Application Continuity recovers from by replaying on a new session: the session
    /// was killed or disconnected (28), or its connection was cut (3113 during a call, 3135 on
    /// the next one). Everything else is the application's own outcome and is never replayed.
    pub fn replayable(&self) -> bool {
        [SESSION_KILLED, END_OF_FILE_ON_CHANNEL, CONNECTION_LOST_CONTACT]
            .iter()
            .any(|c| self.is(*c))
    }
}

impl fmt::Display for OraError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.prefix(), self.text)?;
        for line in &self.stack {
            write!(f, "\n{line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for OraError {}

impl<T> From<OraError> for Result<T, OraError> {
    fn from(e: OraError) -> Self {
        Err(e)
    }
}

/// Builds an [`OraError`]: `ora!(CODE)` or `ora!(CODE, "fmt", args..)` (the formatted text fills
/// the template's `%s`; separate several `%s` fillers with `\u{1}`).
#[macro_export]
macro_rules! ora {
    ($code:expr) => {
        $crate::error::OraError::new($code, "")
    };
    ($code:expr, $($arg:tt)+) => {
        $crate::error::OraError::new($code, &format!($($arg)+))
    };
}

/// The crate's result type.
pub type Result<T, E = OraError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_follow_the_fact_sheet() {
        assert_eq!(ora!(SESSION_KILLED).to_string(), "ORA-00028: your session has been killed");
        assert_eq!(ora!(NO_SUCH_SESSION).to_string(), "ORA-00030: User session ID does not exist.");
        assert_eq!(
            ora!(INVALID_IDENTIFIER, "\"X\"").to_string(),
            "ORA-00904: \"X\": invalid identifier"
        );
        assert_eq!(
            ora!(PLS_NOT_DECLARED, "FOO").to_string(),
            "PLS-00201: identifier 'FOO' must be declared"
        );
        assert_eq!(
            ora!(ROLE_NOT_GRANTED, "DBA\u{1}JWARD").text,
            "ROLE 'DBA' not granted to 'JWARD'"
        );
    }

    #[test]
    fn crdb_errors_print_as_cockroach_does() {
        let e = OraError::crdb("42601", "invalid session ID 'f54'");
        assert_eq!(e.to_string(), "ERROR: invalid session ID 'f54'");
        assert_eq!(e.crdb_sqlstate(), Some("42601"));
        assert_eq!(ora!(SESSION_KILLED).crdb_sqlstate(), None);
    }

    #[test]
    fn sqlcode_is_negative_except_no_data_found() {
        assert_eq!(ora!(SESSION_MARKED_FOR_KILL).sqlcode(), -31);
        assert_eq!(ora!(NO_DATA_FOUND).sqlcode(), 100);
    }
}
