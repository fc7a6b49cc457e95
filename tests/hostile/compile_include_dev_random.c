/* ATTACK: compile-time bomb: the preprocessor includes /dev/random, an endless file.
 * EXPECT: the compile step's limits stop gcc: verdict CE within the compile limits; the host unharmed. */
#include "/dev/random"

int main(void) { return 0; }
