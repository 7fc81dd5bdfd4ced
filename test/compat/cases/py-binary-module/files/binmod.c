/*
 * A binary Ansible module: argv[1] names a file holding the arguments as JSON. Echoes the
 * "greeting" argument and whether check mode is on, or fails when it is missing.
 */
#include <stdio.h>
#include <string.h>

static char args[65536];

static int value_of(const char *key, char *out, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\": ", key);
  const char *at = strstr(args, pattern);
  if (!at) return 0;
  at += strlen(pattern);
  size_t n = 0;
  if (*at == '"') {
    at++;
    while (*at && *at != '"' && n + 1 < size) out[n++] = *at++;
  } else {
    while (*at && *at != ',' && *at != '}' && n + 1 < size) out[n++] = *at++;
  }
  out[n] = 0;
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    printf("{\"failed\": true, \"msg\": \"no arguments file\"}\n");
    return 1;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    printf("{\"failed\": true, \"msg\": \"cannot open the arguments file\"}\n");
    return 1;
  }
  size_t len = fread(args, 1, sizeof args - 1, f);
  args[len] = 0;
  fclose(f);
  char greeting[256], check[16];
  if (!value_of("_ansible_check_mode", check, sizeof check)) strcpy(check, "false");
  if (!value_of("greeting", greeting, sizeof greeting)) {
    printf("{\"failed\": true, \"msg\": \"missing required arguments: greeting\", \"check\": %s}\n", check);
    return 1;
  }
  printf("{\"changed\": %s, \"greeting\": \"%s\", \"check\": %s, \"args_file_named\": %s}\n", strcmp(check, "true") == 0 ? "false" : "true", greeting, check,
         strstr(argv[1], "args") ? "true" : "false");
  return 0;
}
