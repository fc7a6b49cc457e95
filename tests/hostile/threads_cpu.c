/* ATTACK: spread the CPU over 8 threads so that no single thread looks busy.
 * EXPECT: CPU time of all threads counts: verdict TLE, CPU time at least the limit. */
#include <pthread.h>
#include <stdio.h>

static void *spin(void *arg) {
    (void)arg;
    for (volatile unsigned long i = 0;; i++) {
    }
    return NULL;
}

int main(void) {
    pthread_t threads[8];
    for (int i = 0; i < 8; i++) pthread_create(&threads[i], NULL, spin, NULL);
    printf("8 threads spinning\n");
    fflush(stdout);
    pthread_join(threads[0], NULL);
    return 0;
}
