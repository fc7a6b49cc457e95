import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int t = Integer.parseInt(in.readLine().trim());
        for (int s = 0; s < t; s++) {
            long n = Long.parseLong(in.readLine().trim());
            long lo = 1, hi = n; // last known good is lo - 1, hi is bad
            while (lo < hi) {
                long mid = lo + (hi - lo) / 2;
                System.out.println("? " + mid);
                System.out.flush();
                if (in.readLine().trim().equals("bad")) hi = mid;
                else lo = mid + 1;
            }
            System.out.println("! " + lo);
            System.out.flush();
        }
    }
}
