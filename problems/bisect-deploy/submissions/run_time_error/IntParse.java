import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;

// Parses n as an int: NumberFormatException as soon as a repository has more than 2^31 - 1 commits.
class Main {
    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        int t = Integer.parseInt(in.readLine().trim());
        for (int s = 0; s < t; s++) {
            int n = Integer.parseInt(in.readLine().trim());
            int lo = 1, hi = n;
            while (lo < hi) {
                int mid = lo + (hi - lo) / 2;
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
