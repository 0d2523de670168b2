-- SESSION_PRIVS: the system privileges the current session has, directly or through roles.
CREATE TABLE SESSION_PRIVS (
    PRIVILEGE VARCHAR2(40) -- the privilege
);
