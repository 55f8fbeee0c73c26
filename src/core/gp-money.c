/* SPDX-License-Identifier: GPL-3.0-or-later
 * gp-money.c: amounts of money as integer 分 (fen): parsing, display and contract uppercase.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "gp-error.h"
#include "gp-money.h"

/* Tokens of the normalized amount: everything a person may type is mapped to one ASCII byte,
 * so the grammar below works on plain bytes. */
#define TOK_CURRENCY '$' /* ¥ U+00A5, ￥ U+FFE5 */
#define TOK_WAN      'W' /* 万 U+4E07 */
#define TOK_YUAN     'Y' /* 元 U+5143 */
#define TOK_MINUS    '-' /* - U+002D, − U+2212, － U+FF0D */
#define TOK_SPACE    ' ' /* any Unicode space, including the ideographic space U+3000 */

/* Maps @text to tokens. Returns FALSE on a character that has no place in an amount. */
static gboolean
normalize (const char *text,
           GString    *out)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        g_string_append_c (out, (char) c);
      else if (c >= 0xFF10 && c <= 0xFF19)
        g_string_append_c (out, (char) ('0' + (c - 0xFF10)));
      else if (c == ',' || c == 0xFF0C)
        g_string_append_c (out, ',');
      else if (c == '.' || c == 0xFF0E)
        g_string_append_c (out, '.');
      else if (c == 0x00A5 || c == 0xFFE5)
        g_string_append_c (out, TOK_CURRENCY);
      else if (c == 0x4E07)
        g_string_append_c (out, TOK_WAN);
      else if (c == 0x5143)
        g_string_append_c (out, TOK_YUAN);
      else if (c == '-' || c == 0x2212 || c == 0xFF0D)
        g_string_append_c (out, TOK_MINUS);
      else if (g_unichar_isspace (c) || c == 0x3000 || c == 0x00A0)
        g_string_append_c (out, TOK_SPACE);
      else
        return FALSE;
    }

  return TRUE;
}

static void
set_not_an_amount (GError     **error,
                   const char  *text)
{
  g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
               _("“%s” is not an amount of money; write it like 1,234.56 or 12.3万"), text);
}

/* Checks the thousands separators of the integer part [start, end): groups of three digits after a
 * first group of one to three digits. */
static gboolean
grouping_is_valid (const char *start,
                   const char *end)
{
  gsize group = 0;
  gboolean seen_comma = FALSE;

  for (const char *p = start; p < end; p++)
    {
      if (*p == ',')
        {
          if (group == 0 || group > 3 || (seen_comma && group != 3))
            return FALSE;
          seen_comma = TRUE;
          group = 0;
        }
      else
        {
          group++;
        }
    }

  return !seen_comma || group == 3;
}

/**
 * gp_money_parse:
 * @text: what a person typed, e.g. "1,234.56", "¥1,234.56", "12.3万", "12.3万元", "100元",
 *   "１２３４．５"; spaces around it are ignored
 * @out_fen: (out) (optional): the amount in 分
 * @error: return location for a #GError
 *
 * Parses a non-negative amount of money. An amount in 元 has at most two decimal places; an amount
 * in 万 (万 or 万元) at most six, so that it is still a whole number of 分. Thousands separators must
 * sit between groups of three digits.
 *
 * Errors: %GP_CORE_ERROR_INVALID for empty text, text that is not an amount, too many decimal
 * places or a negative amount; %GP_CORE_ERROR_OVERFLOW above %GP_MONEY_MAX.
 *
 * Returns: %TRUE if @text is an amount
 */
gboolean
gp_money_parse (const char  *text,
                gint64      *out_fen,
                GError     **error)
{
  g_autoptr(GString) norm = NULL;
  const char *p;
  const char *end;
  const char *int_start;
  const char *int_end;
  const char *frac_start = NULL;
  gsize frac_len = 0;
  gboolean negative = FALSE;
  gboolean wan = FALSE;
  guint max_decimals;
  gint64 scale;
  guint64 int_value = 0;
  guint64 frac_value = 0;
  gint64 fen;
  gsize n_int = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The amount is not valid text"));
      return FALSE;
    }

  norm = g_string_new (NULL);
  if (!normalize (text, norm))
    {
      set_not_an_amount (error, text);
      return FALSE;
    }

  p = norm->str;
  end = norm->str + norm->len;
  while (p < end && *p == TOK_SPACE)
    p++;
  while (end > p && end[-1] == TOK_SPACE)
    end--;

  if (p == end)
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The amount is empty"));
      return FALSE;
    }

  /* Sign and currency sign, in either order: "-¥12", "¥-12". */
  if (p < end && *p == TOK_MINUS)
    {
      negative = TRUE;
      p++;
    }
  if (p < end && *p == TOK_CURRENCY)
    {
      p++;
      while (p < end && *p == TOK_SPACE)
        p++;
      if (!negative && p < end && *p == TOK_MINUS)
        {
          negative = TRUE;
          p++;
        }
    }

  /* The integer part, with optional thousands separators. */
  int_start = p;
  while (p < end && (g_ascii_isdigit (*p) || *p == ','))
    p++;
  int_end = p;

  if (int_start == int_end || !g_ascii_isdigit (*int_start))
    {
      set_not_an_amount (error, text);
      return FALSE;
    }

  if (p < end && *p == '.')
    {
      p++;
      frac_start = p;
      while (p < end && g_ascii_isdigit (*p))
        p++;
      frac_len = p - frac_start;
      if (frac_len == 0)
        {
          set_not_an_amount (error, text);
          return FALSE;
        }
    }

  /* The unit: 万, 万元 or 元, optionally after spaces. */
  while (p < end && *p == TOK_SPACE)
    p++;
  if (p < end && *p == TOK_WAN)
    {
      wan = TRUE;
      p++;
    }
  if (p < end && *p == TOK_YUAN)
    p++;

  if (p != end)
    {
      set_not_an_amount (error, text);
      return FALSE;
    }

  if (!grouping_is_valid (int_start, int_end))
    {
      g_set_error (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                   _("The thousands separators in “%s” are misplaced"), text);
      return FALSE;
    }

  if (negative)
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("The amount is negative"));
      return FALSE;
    }

  max_decimals = wan ? 6 : 2;
  if (frac_len > max_decimals)
    {
      if (wan)
        g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                             _("An amount in 万 has at most six decimal places"));
      else
        g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                             _("The amount has more than two decimal places; 分 is the smallest unit"));
      return FALSE;
    }

  scale = wan ? GP_MONEY_FEN_PER_WAN : GP_MONEY_FEN_PER_YUAN;

  /* The integer part without separators and leading zeros. GP_MONEY_MAX has 16 digits, so more
   * significant digits than that overflow in any unit, and 16 digits fit a guint64. */
  for (const char *q = int_start; q < int_end; q++)
    {
      if (*q == ',' || (*q == '0' && n_int == 0))
        continue;
      if (++n_int > 16)
        goto overflow;
      int_value = int_value * 10 + (guint64) (*q - '0');
    }
  if (int_value > (guint64) (GP_MONEY_MAX / scale))
    goto overflow;

  for (gsize i = 0; i < max_decimals; i++)
    frac_value = frac_value * 10 + (i < frac_len ? (guint64) (frac_start[i] - '0') : 0);

  fen = (gint64) int_value * scale + (gint64) frac_value;
  if (fen > GP_MONEY_MAX)
    goto overflow;

  if (out_fen != NULL)
    *out_fen = fen;

  return TRUE;

overflow:
  g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_OVERFLOW,
                       _("The amount is too large; the limit is 10 万亿元"));
  return FALSE;
}

static guint64
magnitude (gint64 value)
{
  /* Well defined for G_MININT64 too. */
  return value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;
}

static void
append_grouped (GString *out,
                guint64  value)
{
  char digits[32];
  int len;

  len = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, value);
  for (int i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

/**
 * gp_money_format:
 * @fen: an amount in 分
 *
 * Formats an amount for display in 元 with thousands separators: "¥1,234.56", "-¥1,234.56".
 *
 * Returns: (transfer full): the text
 */
char *
gp_money_format (gint64 fen)
{
  GString *out = g_string_new (NULL);
  guint64 abs = magnitude (fen);

  if (fen < 0)
    g_string_append_c (out, '-');
  g_string_append (out, "¥");
  append_grouped (out, abs / 100);
  g_string_append_printf (out, ".%02u", (guint) (abs % 100));

  return g_string_free (out, FALSE);
}

/**
 * gp_money_format_wan:
 * @fen: an amount in 分
 *
 * Formats an amount as a number of 万元 with two decimal places, rounded half away from zero, and
 * without thousands separators, as procurement forms print budgets: 486000.00元 gives "48.60".
 *
 * Returns: (transfer full): the text
 */
char *
gp_money_format_wan (gint64 fen)
{
  /* 0.01 万元 = 100 元 = 10 000 分. */
  guint64 hundredths = (magnitude (fen) + 5000) / 10000;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u",
                          fen < 0 && hundredths > 0 ? "-" : "",
                          hundredths / 100, (guint) (hundredths % 100));
}

/**
 * gp_money_format_wan_with_unit:
 * @fen: an amount in 分
 *
 * Like gp_money_format_wan() followed by the unit: "48.60万元".
 *
 * Returns: (transfer full): the text
 */
char *
gp_money_format_wan_with_unit (gint64 fen)
{
  g_autofree char *number = gp_money_format_wan (fen);

  return g_strconcat (number, "万元", NULL);
}

static const char * const uppercase_digits[] = {
  "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
};

/* Writes 1 ≤ @value ≤ 9999 with 仟, 佰, 拾: one 零 for each run of inner zeros, none at the end, and
 * the 壹拾 form for a leading ten. */
static void
append_section (GString *out,
                guint    value)
{
  static const char * const units[] = { "仟", "佰", "拾", "" };
  static const guint powers[] = { 1000, 100, 10, 1 };
  gboolean started = FALSE;
  gboolean pending_zero = FALSE;

  g_assert (value > 0 && value < 10000);

  for (guint i = 0; i < G_N_ELEMENTS (powers); i++)
    {
      guint digit = (value / powers[i]) % 10;

      if (digit == 0)
        {
          if (started)
            pending_zero = TRUE;
          continue;
        }

      if (pending_zero)
        g_string_append (out, uppercase_digits[0]);
      g_string_append (out, uppercase_digits[digit]);
      g_string_append (out, units[i]);
      started = TRUE;
      pending_zero = FALSE;
    }
}

/* Writes 1 ≤ @value < 10^8 using 万. */
static void
append_below_yi (GString *out,
                 guint64  value)
{
  guint high = (guint) (value / 10000);
  guint low = (guint) (value % 10000);

  g_assert (value > 0 && value < G_GUINT64_CONSTANT (100000000));

  if (high > 0)
    {
      append_section (out, high);
      g_string_append (out, "万");
    }
  if (low > 0)
    {
      if (high > 0 && low < 1000)
        g_string_append (out, uppercase_digits[0]);
      append_section (out, low);
    }
}

/* Writes @value ≥ 1 using 万 and 亿 (the part above 亿 may itself use 万: 壹万零壹亿). */
static void
append_integer (GString *out,
                guint64  value)
{
  const guint64 yi = G_GUINT64_CONSTANT (100000000);
  guint64 high = value / yi;
  guint64 low = value % yi;

  g_assert (value > 0);

  if (high == 0)
    {
      append_below_yi (out, low);
      return;
    }

  append_integer (out, high);
  g_string_append (out, "亿");
  if (low > 0)
    {
      if (low < yi / 10)
        g_string_append (out, uppercase_digits[0]);
      append_below_yi (out, low);
    }
}

/**
 * gp_money_format_uppercase:
 * @fen: an amount in 分, 0 ≤ @fen ≤ %GP_MONEY_MAX
 * @error: return location for a #GError
 *
 * Writes an amount in Chinese uppercase (大写) as contracts and payment vouchers need it, following
 * the rules of 中国人民银行《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》:
 *
 * - 整 follows 元 when there are no 角 and 分; nothing follows 角 or 分 ("壹拾元零伍角").
 * - One 零 stands for a run of zeros inside the number; none for trailing zeros of a group.
 * - When the 元 digit is 0 and 角 is not, 零 is written after 元 (the first form the rules give:
 *   ¥1680.32 → 壹仟陆佰捌拾元零叁角贰分); when 角 is 0 and 分 is not, likewise ("壹佰元零伍分").
 * - When the 万 digit is 0 and the 仟 digit is not, no 零 is written (¥107000.53 →
 *   壹拾万柒仟元零伍角叁分, again the first form of the rules).
 * - A leading ten is 壹拾 ("壹拾元整", "壹拾万元整"); amounts below one 元 start with 角 or 分.
 *
 * Examples: 1234567 分 → "壹万贰仟叁佰肆拾伍元陆角柒分"; 0 → "零元整".
 *
 * Errors: %GP_CORE_ERROR_INVALID for a negative amount, %GP_CORE_ERROR_OVERFLOW above %GP_MONEY_MAX.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL on error
 */
char *
gp_money_format_uppercase (gint64   fen,
                           GError **error)
{
  GString *out;
  guint64 yuan;
  guint jiao;
  guint fen_digit;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (fen < 0)
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_INVALID,
                           _("A negative amount cannot be written in Chinese uppercase"));
      return NULL;
    }
  if (fen > GP_MONEY_MAX)
    {
      g_set_error_literal (error, GP_CORE_ERROR, GP_CORE_ERROR_OVERFLOW,
                           _("The amount is too large; the limit is 10 万亿元"));
      return NULL;
    }

  yuan = (guint64) fen / 100;
  jiao = (guint) ((fen / 10) % 10);
  fen_digit = (guint) (fen % 10);

  if (fen == 0)
    return g_strdup ("零元整");

  out = g_string_new (NULL);

  if (yuan > 0)
    {
      append_integer (out, yuan);
      g_string_append (out, "元");
    }

  if (jiao == 0 && fen_digit == 0)
    {
      g_string_append (out, "整");
      return g_string_free (out, FALSE);
    }

  if (jiao > 0)
    {
      if (yuan > 0 && yuan % 10 == 0)
        g_string_append (out, uppercase_digits[0]);
      g_string_append (out, uppercase_digits[jiao]);
      g_string_append (out, "角");
    }
  else if (yuan > 0)
    {
      g_string_append (out, uppercase_digits[0]);
    }

  if (fen_digit > 0)
    {
      g_string_append (out, uppercase_digits[fen_digit]);
      g_string_append (out, "分");
    }

  return g_string_free (out, FALSE);
}

/**
 * gp_money_percent_of:
 * @fen: an amount in 分, |@fen| ≤ %GP_MONEY_MAX
 * @basis_points: the share in hundredths of a percent (200 = 2%, 10000 = 100%), at most 1 000 000
 *
 * Computes a share of an amount, rounded half away from zero to the nearest 分, e.g. the 2% cap
 * on bid security (政府采购法实施条例 第33条) or the 30% reserved for SMEs.
 *
 * Returns: the share in 分
 */
gint64
gp_money_percent_of (gint64 fen,
                     guint  basis_points)
{
  guint64 abs;
  guint64 share;

  g_return_val_if_fail (fen >= -GP_MONEY_MAX && fen <= GP_MONEY_MAX, 0);
  g_return_val_if_fail (basis_points <= 1000000, 0);

  /* |fen| / 10^4 ≤ 10^11 and basis_points ≤ 10^6, so nothing below can overflow. */
  abs = magnitude (fen);
  share = (abs / 10000) * basis_points + ((abs % 10000) * basis_points + 5000) / 10000;

  return fen < 0 ? -(gint64) share : (gint64) share;
}

/**
 * gp_money_add:
 * @a: an amount in 分
 * @b: an amount in 分
 * @out: (out): where to store @a + @b
 *
 * Adds two amounts when both and their sum lie within ±%GP_MONEY_MAX. On failure @out is not
 * changed.
 *
 * Returns: %TRUE if the sum is within range
 */
gboolean
gp_money_add (gint64  a,
              gint64  b,
              gint64 *out)
{
  gint64 sum;

  g_return_val_if_fail (out != NULL, FALSE);

  if (a > GP_MONEY_MAX || a < -GP_MONEY_MAX || b > GP_MONEY_MAX || b < -GP_MONEY_MAX)
    return FALSE;

  /* Both are within ±10^15, so the sum cannot overflow a gint64. */
  sum = a + b;
  if (sum > GP_MONEY_MAX || sum < -GP_MONEY_MAX)
    return FALSE;

  *out = sum;
  return TRUE;
}
