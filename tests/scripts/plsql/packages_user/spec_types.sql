-- Types and composite variables of a package spec used outside the package: variables of the
-- spec's record, nested table, varray and associative array types, `pkg.t(...)`
-- constructors, `pkg.rec.field` read and assigned, `pkg.list(i)` and the collection methods
-- read from other blocks and from a stored procedure; a package type is not a local type of
-- the same shape (Oracle's example 6-37); unknown members are PLS-00302, unknown packages
-- PLS-00201.
SET ECHO ON
SET SERVEROUTPUT ON
CONNECT system/manager
CREATE OR REPLACE PACKAGE inv IS
  TYPE item_t IS RECORD (name VARCHAR2(20), qty NUMBER);
  TYPE num_list IS TABLE OF NUMBER;
  TYPE code_arr IS VARRAY(3) OF VARCHAR2(10);
  TYPE price_map IS TABLE OF NUMBER INDEX BY VARCHAR2(10);
  g_item item_t;
  g_list num_list := num_list(10, 20, 30);
  g_codes code_arr;
  g_prices price_map;
  PROCEDURE fill;
  PROCEDURE print_list (p_nums num_list);
  FUNCTION item_text RETURN VARCHAR2;
END inv;
/
CREATE OR REPLACE PACKAGE BODY inv IS
  PROCEDURE fill IS
  BEGIN
    g_codes := code_arr('A1', 'B2');
    g_prices('A1') := 9.5;
    g_prices('B2') := 12;
    g_list.EXTEND;
    g_list(g_list.LAST) := 40;
    g_list.DELETE(2);
  END fill;

  PROCEDURE print_list (p_nums num_list) IS
  BEGIN
    FOR i IN p_nums.FIRST .. p_nums.LAST LOOP
      DBMS_OUTPUT.PUT_LINE('  ' || i || ': ' || p_nums(i));
    END LOOP;
  END print_list;

  FUNCTION item_text RETURN VARCHAR2 IS
  BEGIN
    RETURN g_item.name || ' x' || g_item.qty;
  END item_text;
END inv;
/
SHOW ERRORS
-- Variables of the spec's types, constructors qualified with the package.
DECLARE
  r inv.item_t;
  l inv.num_list := inv.num_list(1, 2, 3);
  c inv.code_arr;
  m inv.price_map;
BEGIN
  r.name := 'bolt';
  r.qty := 7;
  c := inv.code_arr('X', 'Y');
  m('k') := 1.5;
  l.EXTEND;
  l(4) := 4;
  DBMS_OUTPUT.PUT_LINE(r.name || ' ' || r.qty || ' / ' || l.COUNT || ' ' || l(4)
    || ' / ' || c(2) || ' limit ' || c.LIMIT || ' / ' || m('k'));
  inv.print_list(l);
END;
/
-- The package's variables: the initial values, then what fill left.
BEGIN
  DBMS_OUTPUT.PUT_LINE('before: count ' || inv.g_list.COUNT || ', g_list(2) = ' || inv.g_list(2));
  inv.fill;
  DBMS_OUTPUT.PUT_LINE('after: count ' || inv.g_list.COUNT || ', first ' || inv.g_list.FIRST
    || ', last ' || inv.g_list.LAST || ', next(1) ' || inv.g_list.NEXT(1));
  IF NOT inv.g_list.EXISTS(2) THEN
    DBMS_OUTPUT.PUT_LINE('element 2 deleted');
  END IF;
  DBMS_OUTPUT.PUT_LINE('codes ' || inv.g_codes(1) || ',' || inv.g_codes(2)
    || ' of ' || inv.g_codes.LIMIT || ', price B2 ' || inv.g_prices('B2'));
  inv.g_item.name := 'nut';
  inv.g_item.qty := inv.g_list(4) / 2;
END;
/
-- The record assigned above is the session's: another block and the package see it.
BEGIN
  DBMS_OUTPUT.PUT_LINE(inv.g_item.name || ' ' || inv.g_item.qty || ' = ' || inv.item_text);
END;
/
-- Whole records copied both ways; a local record type of the same shape is another type.
DECLARE
  r inv.item_t;
BEGIN
  r := inv.g_item;
  r.qty := r.qty + 1;
  DBMS_OUTPUT.PUT_LINE(r.name || ' ' || r.qty || ' / ' || inv.g_item.qty);
  r.name := 'washer';
  inv.g_item := r;
  DBMS_OUTPUT.PUT_LINE(inv.item_text);
  inv.g_item.name := 'nut';
END;
/
DECLARE
  TYPE item_t IS RECORD (name VARCHAR2(20), qty NUMBER);
  r item_t;
BEGIN
  r := inv.g_item;
END;
/
-- Elements of the package's collections assigned from outside.
BEGIN
  inv.g_list(1) := inv.g_list(1) + 1;
  inv.g_prices('C3') := 7;
  DBMS_OUTPUT.PUT_LINE(inv.g_list(1) || ' ' || inv.g_prices.COUNT || ' ' || inv.g_prices.LAST);
  inv.g_codes(3) := 'C3';
END;
/
-- Their methods called from outside: EXTEND, TRIM, DELETE.
BEGIN
  inv.g_list.EXTEND(2, 1);
  inv.g_list.TRIM;
  inv.g_prices.DELETE('A1');
  DBMS_OUTPUT.PUT_LINE(inv.g_list.COUNT || ' ' || inv.g_list(5) || ' ' || inv.g_prices.FIRST);
  inv.g_list.DELETE;
  DBMS_OUTPUT.PUT_LINE(inv.g_list.COUNT);
  inv.g_list.EXTEND;
  inv.g_list(1) := 10;
  DBMS_OUTPUT.PUT_LINE(inv.g_list.COUNT || ' ' || inv.g_list(1));
END;
/
-- Whole collections copied both ways (value semantics: the copy is not the package's).
DECLARE
  l inv.num_list := inv.g_list;
  m inv.price_map;
BEGIN
  l(1) := 99;
  m := inv.g_prices;
  inv.g_codes := inv.code_arr('Q', 'R', 'S');
  DBMS_OUTPUT.PUT_LINE(l(1) || ' ' || inv.g_list(1) || ' ' || m.COUNT || ' ' || inv.g_codes(3));
  inv.g_list := l;
  inv.g_list.EXTEND;
  DBMS_OUTPUT.PUT_LINE(inv.g_list(1) || ' ' || inv.g_list.COUNT || ' ' || l.COUNT);
  inv.g_list := NULL;
  IF inv.g_list.EXISTS(1) THEN NULL; ELSE DBMS_OUTPUT.PUT_LINE('g_list is NULL again'); END IF;
  inv.g_list := inv.num_list(10, 20, 30);
END;
/
DECLARE
  c inv.code_arr;
BEGIN
  c := inv.g_list;
END;
/
-- A varray stays dense: no DELETE of one element, from outside either.
BEGIN
  inv.g_codes.DELETE(1);
END;
/
-- A stored procedure uses the types and variables too.
CREATE OR REPLACE PROCEDURE show_inv IS
  l inv.num_list := inv.num_list(5, 6);
BEGIN
  DBMS_OUTPUT.PUT_LINE('show_inv: ' || l.COUNT || ' + ' || inv.g_list.COUNT || ', ' || inv.g_item.name);
END;
/
SHOW ERRORS
EXEC show_inv
-- A local type of the same shape is another type (PLS-00306 / PLS-00382).
DECLARE
  TYPE num_list IS TABLE OF NUMBER;
  n1 inv.num_list := inv.num_list(2, 4);
  n2 num_list := num_list(6, 8);
BEGIN
  inv.print_list(n1);
  inv.print_list(n2);
END;
/
DECLARE
  TYPE num_list IS TABLE OF NUMBER;
  n2 num_list := inv.num_list(6, 8);
BEGIN
  NULL;
END;
/
-- Run-time errors are the collection's own.
DECLARE
  c inv.code_arr;
BEGIN
  c := inv.code_arr('a', 'b', 'c', 'd');
END;
/
BEGIN
  DBMS_OUTPUT.PUT_LINE(inv.g_list(9));
END;
/
BEGIN
  DBMS_OUTPUT.PUT_LINE(inv.g_list(2));
END;
/
-- Unknown members and packages.
DECLARE
  x inv.no_such_t;
BEGIN
  NULL;
END;
/
DECLARE
  x no_pkg.item_t;
BEGIN
  NULL;
END;
/
DECLARE
  x inv.g_list;
BEGIN
  NULL;
END;
/
BEGIN
  inv.g_item.price := 1;
END;
/
BEGIN
  DBMS_OUTPUT.PUT_LINE(inv.g_list.SIZE);
END;
/
